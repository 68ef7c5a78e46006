using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Callbell.Messages;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Messages
{
    /// <summary>Sending every kind, the status, delete, and the rule that a send is never repeated after it may have gone out.</summary>
    public sealed class MessageTests : SandboxTest
    {
        private const string Whatsapp = "b1a2c3d4e5f60718293a4b5c6d7e8f90";
        private const string Reminder = "7e00a1b2c3d4e5f60718293a4b5c6d7e8";

        private static MessageDraft Text(string to = "+393330000001") => new MessageDraft { To = to, Text = "Hello", ChannelUuid = Whatsapp };

        private string LastBody() => Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last(r => r.Path == "/v1/messages/send").Body);

        [Theory]
        [InlineData("text", null, "Hello", "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"text\",\"content\":{\"text\":\"Hello\"},\"channel_uuid\":\"" + Whatsapp + "\"}")]
        [InlineData("image", "https://example.com/a.png", "Caption", "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"image\",\"content\":{\"text\":\"Caption\",\"url\":\"https://example.com/a.png\"},\"channel_uuid\":\"" + Whatsapp + "\"}")]
        [InlineData("document", "https://example.com/a.pdf", null, "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"document\",\"content\":{\"url\":\"https://example.com/a.pdf\"},\"channel_uuid\":\"" + Whatsapp + "\"}")]
        [InlineData("audio", "https://example.com/a.mp3", null, "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"audio\",\"content\":{\"url\":\"https://example.com/a.mp3\"},\"channel_uuid\":\"" + Whatsapp + "\"}")]
        [InlineData("video", "https://example.com/a.mp4", null, "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"video\",\"content\":{\"url\":\"https://example.com/a.mp4\"},\"channel_uuid\":\"" + Whatsapp + "\"}")]
        public async Task Each_kind_is_sent_with_the_documented_body(string type, string? url, string? text, string expected)
        {
            var sent = await Client().Messages.SendAsync(new MessageDraft { To = "+393330000001", Type = type, Url = url, Text = text, ChannelUuid = Whatsapp });

            Assert.Equal(expected, LastBody());
            Assert.Equal("enqueued", sent.Status);
            Assert.Equal("+393330000001", sent.To);
        }

        [Fact]
        public async Task A_template_sends_its_values_with_optin_metadata_and_fields()
        {
            var sent = await Client().Messages.SendAsync(new MessageDraft
            {
                To = "+393330000001",
                ChannelUuid = Whatsapp,
                TemplateUuid = Reminder,
                TemplateValues = new[] { "Anna", "Monday", "10:00" },
                Metadata = new Dictionary<string, string> { ["campaign"] = "reminders" },
                IncludeContact = true,
                IncludeConversation = true,
            });

            Assert.Equal("{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"text\",\"content\":{\"text\":\"Anna\"},\"channel_uuid\":\"" + Whatsapp + "\",\"template_uuid\":\"" + Reminder + "\",\"optin_contact\":true,\"template_values\":[\"Anna\",\"Monday\",\"10:00\"],\"fields\":\"contact,conversation\",\"metadata\":{\"campaign\":\"reminders\"}}", LastBody());
            Assert.Equal(ContactGenerator.UuidFor(1), sent.Contact!.Uuid);
            Assert.NotNull(sent.Conversation!.Href);
        }

        [Fact]
        public async Task The_status_moves_on_and_delete_answers_204()
        {
            var client = Client();
            var sent = await client.Messages.SendAsync(Text());

            var first = await client.Messages.GetStatusAsync(sent.Uuid!);
            var second = await client.Messages.GetStatusAsync(sent.Uuid!);
            var deleted = await client.Messages.DeleteAsync(sent.Uuid!);

            Assert.Equal(("sent", "delivered"), (first.Status, second.Status));
            Assert.NotNull(second.MessageStatusPayload);
            Assert.Equal(204, deleted.StatusCode);
            Assert.Equal("deleted", (await client.Messages.GetStatusAsync(sent.Uuid!)).Status);
        }

        [Fact]
        public async Task Waiting_settles_many_messages_together()
        {
            var client = Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
            var uuids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                uuids.Add((await client.Messages.SendAsync(Text("+39333000000" + i))).Uuid!);
            }

            var settled = await client.Messages.WaitAsync(uuids, new[] { "delivered" }, TimeSpan.FromSeconds(20)).ToListAsync();

            Assert.Equal(uuids.OrderBy(u => u), settled.Select(m => m.Uuid).OrderBy(u => u));
            Assert.All(settled, m => Assert.True(m.Settled));
            Assert.All(settled, m => Assert.Equal("delivered", m.Message!.Status));
        }

        [Fact]
        public async Task An_unknown_message_fails_alone_and_the_others_are_still_followed_to_their_status()
        {
            var client = Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
            var known = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                known.Add((await client.Messages.SendAsync(Text("+39333000001" + i))).Uuid!);
            }

            var results = await client.Messages.WaitAsync(new[] { known[0], "0000aaaa0000aaaa0000aaaa0000aaaa", known[1] }, new[] { "delivered" }, TimeSpan.FromSeconds(20)).ToListAsync();

            var unknown = Assert.Single(results, r => r.Uuid == "0000aaaa0000aaaa0000aaaa0000aaaa");
            Assert.False(unknown.Settled);
            Assert.Equal(CallbellErrorKind.NotFound, unknown.Error!.Kind);
            Assert.All(results.Where(r => r.Uuid != unknown.Uuid), r => Assert.Equal("delivered", r.Message!.Status));
            Assert.Equal(known.OrderBy(u => u), results.Where(r => r.Settled).Select(r => r.Uuid).OrderBy(u => u));
        }

        [Fact]
        public async Task A_message_still_pending_at_the_timeout_comes_back_with_its_last_status()
        {
            var client = Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
            var uuid = (await client.Messages.SendAsync(Text("+393330000020"))).Uuid!;
            Sandbox.Faults.Latency = TimeSpan.FromMilliseconds(200); // two polls at most fit in the 300 ms: read is three reads away

            var result = Assert.Single(await client.Messages.WaitAsync(new[] { uuid }, new[] { "read" }, TimeSpan.FromMilliseconds(300)).ToListAsync());

            Assert.False(result.Settled);
            Assert.Null(result.Error);
            Assert.NotNull(result.Message!.Status);
        }

        [Theory]
        [InlineData(FaultKind.ServerError)]
        [InlineData(FaultKind.DropAfterRequest)]
        [InlineData(FaultKind.DropConnection)]
        [InlineData(FaultKind.NeverAnswer)]
        public async Task A_send_that_may_have_gone_out_is_never_repeated(FaultKind kind)
        {
            Sandbox.Faults.Add(new FaultRule(kind) { Method = "POST", Path = "/v1/messages/send", Times = 1 });
            var client = Client(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxAttempts = 5; });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => client.Messages.SendAsync(Text()));

            Assert.Equal(1, Sandbox.Journal.Requests.Count(r => r.Path == "/v1/messages/send"));
            Assert.Contains("not retried", error.Message);
        }

        [Fact]
        public async Task A_429_is_retried_because_the_server_did_nothing()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Method = "POST", Times = 1, RetryAfter = TimeSpan.FromMilliseconds(10) });

            var sent = await Client().Messages.SendAsync(Text());

            Assert.Equal(2, Sandbox.Journal.Requests.Count(r => r.Path == "/v1/messages/send"));
            Assert.Single(Sandbox.State.Messages);
            Assert.Equal("enqueued", sent.Status);
        }

        [Fact]
        public async Task A_depleted_wallet_refuses_templates_with_its_code_but_not_plain_messages()
        {
            Sandbox.State.WhatsAppCreditDepleted = true;
            var client = Client();

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => client.Messages.SendAsync(new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder, TemplateValues = new[] { "a" } }));
            var plain = await client.Messages.SendAsync(Text());

            Assert.Equal("Callbell.whatsapp_wallet_depleted_credit.402", error.ErrorId);
            Assert.Equal("enqueued", plain.Status);
        }

        [Fact]
        public async Task The_main_channel_is_looked_up_once_per_connection()
        {
            var client = Client();

            var first = await client.Messages.MainChannelAsync("whatsapp");
            var again = await client.Messages.MainChannelAsync("whatsapp");

            Assert.Equal(Whatsapp, first);
            Assert.Equal(first, again);
            Assert.Equal(1, Sandbox.Journal.Requests.Count(r => r.Path == "/v1/channels"));
        }

        [Theory]
        [InlineData("to", "To")]
        [InlineData("url", "Url")]
        [InlineData("metadata", "Metadata")]
        [InlineData("template", "TemplateValue")]
        [InlineData("caption", "Caption")]
        public async Task Bad_input_is_refused_before_any_request_naming_the_parameter(string what, string parameter)
        {
            var draft = what switch
            {
                "to" => new MessageDraft { To = "+39\"}, \"x\":\"", Text = "x", ChannelUuid = Whatsapp },
                "url" => new MessageDraft { To = "+393330000001", Type = "image", Url = "file:///etc/passwd", ChannelUuid = Whatsapp },
                "metadata" => new MessageDraft { To = "+393330000001", Text = "x", ChannelUuid = Whatsapp, Metadata = Enumerable.Range(0, 11).ToDictionary(i => "k" + i, i => "v") },
                "template" => new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder, TemplateValues = new[] { "a", " " } },
                _ => new MessageDraft { To = "+393330000001", Type = "document", Url = "https://example.com/a.pdf", Text = "caption", ChannelUuid = Whatsapp },
            };

            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Messages.SendAsync(draft));

            Assert.Equal(parameter, error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }
    }
}
