using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>Each documented event's example body read into its class, with the reference's quirks absorbed.</summary>
    public sealed class InboundEventTests
    {
        [Theory]
        [InlineData("message_created", typeof(MessageCreatedEvent))]
        [InlineData("message_status_updated", typeof(MessageStatusUpdatedEvent))]
        [InlineData("contact_created", typeof(ContactCreatedEvent))]
        [InlineData("contact_updated", typeof(ContactUpdatedEvent))]
        [InlineData("contact_deleted", typeof(ContactDeletedEvent))]
        [InlineData("conversation_opened", typeof(ConversationOpenedEvent))]
        [InlineData("conversation_closed", typeof(ConversationClosedEvent))]
        [InlineData("agent_status_updated", typeof(AgentStatusUpdatedEvent))]
        [InlineData("agent_session_updated", typeof(AgentSessionUpdatedEvent))]
        [InlineData("team_membership_updated", typeof(TeamMembershipUpdatedEvent))]
        public void Every_documented_event_is_read_into_its_own_class_with_nothing_left_unread(string name, Type expected)
        {
            var inbound = InboundEventReader.Read(Payload.Of(name));

            Assert.IsType(expected, inbound);
            Assert.Equal(name, inbound.Event);
            Assert.NotNull(inbound.PayloadObject);
            Assert.Null(((ApiObject)inbound.PayloadObject!).AdditionalFields); // every field of the example is modelled
            Assert.False(inbound.Verified);
            Assert.Contains(name, InboundEventReader.DocumentedEvents);
        }

        [Fact]
        public void The_documented_event_set_is_the_reference_list()
        {
            Assert.Equal(
                new[] { "message_created", "message_status_updated", "contact_created", "contact_updated", "contact_deleted", "conversation_opened", "conversation_closed", "agent_status_updated", "agent_session_updated", "team_membership_updated" },
                InboundEventReader.DocumentedEvents);
        }

        [Fact]
        public void A_message_reads_every_optional_part_and_the_misspelled_context()
        {
            var message = ((MessageCreatedEvent)InboundEventReader.Read(Payload.Of("message_created"))).Payload!;

            Assert.Equal("Hello", message.Text);
            Assert.Equal(new[] { "https://files.callbell.eu/a/1.jpg" }, message.Attachments);
            Assert.Equal(new DateTimeOffset(2022, 10, 18, 12, 6, 29, TimeSpan.FromHours(2)), message.CreatedAt);
            Assert.Equal("John Doe", message.Contact!.Name);
            Assert.Equal(new[] { "Lead" }, message.Contact.Tags);
            Assert.Equal("Which size?", message.MessageContext!.Text);                    // sent as mesageContext
            Assert.Equal("sent", message.MessageContext.Status);
            Assert.Equal(new DateTimeOffset(2022, 10, 18, 12, 5, 2, TimeSpan.FromHours(2)), message.MessageContext.CreatedAt);
            Assert.Equal("wamid.HBgM", ((IDictionary)message.MessageContext.Target!)["id"]);
            var cards = message.MessageContactCard!.ContactsInfo!;                         // nested under contactsInfo
            Assert.Equal(new[] { "Jane Roe", "Mario Rossi" }, cards.Select(c => c.Name));
            Assert.Equal("393331234567", cards[0].Phones!.Single().WaId);                 // phones are objects
            Assert.True(message.MessageForward!.Forwarded);
            Assert.Equal(-23.605403621614m, message.MessageLocation!.Coordinates!.Latitude);
            Assert.Equal("A-1001", ((IDictionary)message.Metadata!)["order"]);
            var listChoice = Assert.IsType<OrderedDictionary>(message.MessageInteractiveList!.Metadata); // a JSON string, read
            Assert.Equal("size-m", listChoice["id"]);
            var buttons = message.MessageReplyButton!.Metadata!;
            Assert.Equal("button", buttons.Type);
            Assert.Equal("Your order", buttons.Content!.Header);
            Assert.Equal("image/jpeg", buttons.Content.ContentType);
            Assert.Null(buttons.AdditionalFields);
            var option = buttons.Options!.Single();
            Assert.Equal("quick_reply", option.Type);
            Assert.Equal("https://example.com/yes", option.PostbackUrl);
            Assert.Equal("YES", option.PostbackText);
        }

        [Fact]
        public void The_correct_spelling_of_the_context_is_read_too_and_wins()
        {
            var body = Payload.Text("{\"event\":\"message_created\",\"payload\":{\"messageContext\":{\"text\":\"right\"},\"mesageContext\":{\"text\":\"wrong\"}}}");

            var message = ((MessageCreatedEvent)InboundEventReader.Read(body)).Payload!;

            Assert.Equal("right", message.MessageContext!.Text);
        }

        [Fact]
        public void Team_membership_reads_lastUpdateAt_at_the_top_and_in_the_user()
        {
            var change = ((TeamMembershipUpdatedEvent)InboundEventReader.Read(Payload.Of("team_membership_updated"))).Payload!;

            var expected = new DateTimeOffset(2026, 10, 2, 9, 15, 0, TimeSpan.Zero);
            Assert.Equal(expected, change.LastUpdatedAt);
            Assert.Equal(expected, change.User!.LastUpdatedAt);
            Assert.Null(change.User.Name); // the user has no name here
            Assert.Equal("Support", change.Team!.Name);
            Assert.Equal("agent_added", change.Reason);
        }

        [Fact]
        public void A_closed_conversation_reads_every_date_spelling_and_its_reason()
        {
            var closed = ((ConversationClosedEvent)InboundEventReader.Read(Payload.Of("conversation_closed"))).Payload!;

            Assert.Equal(new DateTimeOffset(2022, 10, 18, 14, 10, 2, TimeSpan.FromHours(2)), closed.ClosedAt);
            Assert.Equal("Resolved", closed.ClosingReason);
            Assert.Equal("John Doe", closed.Contact!.Name);
        }

        [Fact]
        public void A_body_that_starts_with_a_byte_order_mark_is_read_and_its_raw_body_is_the_json()
        {
            var json = "{\"event\":\"contact_created\",\"payload\":{\"name\":\"Bom\"}}";
            var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(json)).ToArray();

            var read = Assert.IsType<ContactCreatedEvent>(InboundEventReader.Read(body));

            Assert.Equal("Bom", read.Payload!.Name);
            Assert.Equal(json, read.RawBody);
        }

        [Fact]
        public void An_unknown_event_is_kept_with_its_payload_as_plain_values()
        {
            var inbound = InboundEventReader.Read(Payload.Text("{\"event\":\"ticket_escalated\",\"payload\":{\"level\":2,\"who\":{\"email\":\"a@b.c\"}},\"sentAt\":\"now\"}"));

            var unknown = Assert.IsType<UnknownEvent>(inbound);
            Assert.Equal("ticket_escalated", unknown.Event);
            var payload = Assert.IsType<OrderedDictionary>(unknown.Payload);
            Assert.Equal(2m, payload["level"]);
            Assert.Equal("a@b.c", ((IDictionary)payload["who"]!)["email"]);
            Assert.Equal("now", unknown.AdditionalFields!["sentAt"]);
        }

        [Fact]
        public void Unknown_fields_and_wrong_typed_values_are_kept_instead_of_failing()
        {
            var inbound = InboundEventReader.Read(Payload.Text("{\"event\":\"contact_deleted\",\"payload\":{\"uuid\":42,\"deleted\":\"yesterday\",\"by\":\"api\"}}"));

            var deleted = ((ContactDeletedEvent)inbound).Payload!;
            Assert.Null(deleted.Uuid);
            Assert.Null(deleted.Deleted);
            Assert.Equal(42m, deleted.AdditionalFields!["uuid"]);
            Assert.Equal("yesterday", deleted.AdditionalFields["deleted"]);
            Assert.Equal("api", deleted.AdditionalFields["by"]);
        }

        [Fact]
        public void Interactive_list_metadata_that_is_not_json_stays_text_and_a_real_object_is_read_as_is()
        {
            var text = (MessageCreatedEvent)InboundEventReader.Read(Payload.Text("{\"event\":\"message_created\",\"payload\":{\"messageInteractiveList\":{\"metadata\":\"size-m\"}}}"));
            var broken = (MessageCreatedEvent)InboundEventReader.Read(Payload.Text("{\"event\":\"message_created\",\"payload\":{\"messageInteractiveList\":{\"metadata\":\"{not json\"}}}"));
            var real = (MessageCreatedEvent)InboundEventReader.Read(Payload.Text("{\"event\":\"message_created\",\"payload\":{\"messageInteractiveList\":{\"metadata\":{\"id\":\"x\"}}}}"));

            Assert.Equal("size-m", text.Payload!.MessageInteractiveList!.Metadata);
            Assert.Equal("{not json", broken.Payload!.MessageInteractiveList!.Metadata);
            Assert.Equal("x", ((IDictionary)real.Payload!.MessageInteractiveList!.Metadata!)["id"]);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("status=ok", "not JSON")]
        [InlineData("[1,2]", "not an object")]
        [InlineData("{\"status\":\"ok\"}", "no \"event\"")]
        [InlineData("{\"event\":7,\"payload\":{}}", "no \"event\"")]
        public void A_body_that_is_not_an_event_is_a_clear_format_error(string body, string expected)
        {
            var error = Assert.Throws<WebhookFormatException>(() => InboundEventReader.Read(Payload.Text(body)));

            Assert.Contains(expected, error.Message);
            Assert.Equal("Callbell.WebhookBodyInvalid", error.ErrorId);
        }

        [Fact]
        public void The_raw_body_is_kept_exactly_for_logging_and_forwarding()
        {
            var body = Payload.Of("contact_created");

            var inbound = InboundEventReader.Read(body);

            Assert.Equal(System.Text.Encoding.UTF8.GetString(body), inbound.RawBody);
        }
    }
}
