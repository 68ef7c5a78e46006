using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>Contacts, conversations and bots written against the stateful sandbox: exact bodies, and the change in a later read.</summary>
    public sealed class ContactWriteTests : SandboxTest
    {
        private static string Body(Callbell.Sandbox.Journal.RecordedRequest request) => Encoding.UTF8.GetString(request.Body);

        [Fact]
        public async Task Create_sends_the_required_fields_and_only_the_given_ones()
        {
            var client = Client();

            var created = await client.Contacts.CreateAsync("+39 333 1112222", "whatsapp", "Nuova", new ContactChanges { Tags = new[] { "lead" }, CustomFields = new Dictionary<string, object?> { ["Seats"] = 3m, ["Interests"] = new[] { "Pricing" } } });

            Assert.Equal("{\"tags\":[\"lead\"],\"custom_fields\":{\"Seats\":\"3\",\"Interests\":[\"Pricing\"]},\"identifier\":\"+39 333 1112222\",\"source\":\"whatsapp\",\"name\":\"Nuova\"}", Body(Sandbox.Journal.Requests.Single()));
            Assert.Equal("Nuova", (await client.Contacts.GetAsync(created.Uuid!)).Name);
        }

        [Fact]
        public async Task Update_sends_only_what_is_set_an_empty_note_clears_and_tags_replace()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(0); // has a note

            await client.Contacts.UpdateAsync(uuid, new ContactChanges { Note = string.Empty, Tags = new string[0] });

            Assert.Equal("{\"tags\":[],\"note\":\"\"}", Body(Sandbox.Journal.Requests.Single()));
            var after = await client.Contacts.GetAsync(uuid);
            Assert.Null(after.Note);
            Assert.Empty(after.Tags);
            Assert.Equal(ContactGenerator.Create(0).Name, after.Name); // untouched
        }

        [Fact]
        public async Task Unassigning_sends_unassign_user_true()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(1);

            var after = await client.Contacts.UpdateAsync(uuid, new ContactChanges { UnassignUser = true });

            Assert.Equal("{\"unassign_user\":true}", Body(Sandbox.Journal.Requests.Single()));
            Assert.Null(after.AssignedUser);
        }

        [Fact]
        public async Task Delete_removes_the_contact_from_later_reads()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(2);

            var status = await client.Contacts.DeleteAsync(uuid);

            Assert.Equal("contact was destroyed", status.Status);
            Assert.Equal(CallbellErrorKind.NotFound, (await Assert.ThrowsAsync<CallbellApiException>(() => client.Contacts.GetAsync(uuid))).Kind);
            Assert.Equal(119, (await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync()).Count);
        }

        [Theory]
        [InlineData("note", "Note")]
        [InlineData("email", "AssignedUser")]
        [InlineData("tag", "Tag")]
        [InlineData("number", "CustomField 'Seats'")]
        [InlineData("date", "CustomField 'Renewal'")]
        public async Task Bad_values_are_refused_before_any_request_naming_the_parameter(string what, string parameter)
        {
            var changes = what switch
            {
                "note" => new ContactChanges { Note = new string('x', 1001) },
                "email" => new ContactChanges { AssignedUser = "not-an-email" },
                "tag" => new ContactChanges { Tags = new[] { "a,b" } },
                "number" => new ContactChanges { CustomFields = new Dictionary<string, object?> { ["Seats"] = "many" }, FieldTypes = new Dictionary<string, string> { ["Seats"] = "number" } },
                _ => new ContactChanges { CustomFields = new Dictionary<string, object?> { ["Renewal"] = "someday" }, FieldTypes = new Dictionary<string, string> { ["Renewal"] = "date" } },
            };

            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.UpdateAsync(ContactGenerator.UuidFor(3), changes));

            Assert.Equal(parameter, error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task A_conversation_closes_and_reopens_and_those_posts_are_retried_as_idempotent()
        {
            Sandbox.Faults.Add(new Callbell.Sandbox.Faults.FaultRule(Callbell.Sandbox.Faults.FaultKind.ServerError) { Method = "POST", Times = 1 });
            var client = Client();
            var uuid = ContactGenerator.UuidFor(5); // open

            var closed = await client.Conversations.CloseAsync(uuid);
            var reopened = await client.Conversations.OpenAsync(uuid);

            Assert.NotNull(closed.ClosedAt);
            Assert.Null(reopened.ClosedAt);
            Assert.Equal(3, Sandbox.Journal.Requests.Count(r => r.Method == "POST"));
        }

        [Fact]
        public async Task A_note_is_sent_once_and_a_funnel_change_shows_on_the_contact()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(7);

            var note = await client.Conversations.AddNoteAsync(uuid, "Called back @anna");
            var moved = await client.Conversations.SetFunnelAsync(uuid, "5f2b6c1d-3e4a-4b8c-9d0e-1f2a3b4c5d6e");

            Assert.True(note.Success);
            Assert.Equal("{\"text\":\"Called back @anna\"}", Body(Sandbox.Journal.Requests.First(r => r.Path.EndsWith("/note", StringComparison.Ordinal))));
            Assert.Equal("PUT", Sandbox.Journal.Requests.Last().Method);
            Assert.Equal("5f2b6c1d-3e4a-4b8c-9d0e-1f2a3b4c5d6e", moved.FunnelId);
            Assert.Equal(new[] { "Called back @anna" }, Sandbox.State.Notes[uuid]);
        }

        [Fact]
        public async Task Messages_come_newest_first_across_pages_with_notes_that_have_no_uuid()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(9);

            var messages = await client.Conversations.ListMessagesPagesAsync(uuid).ToListAsync();

            var all = messages.SelectMany(p => p.Items).ToList();
            Assert.Equal(45, all.Count);
            Assert.Equal(3, messages.Count);
            Assert.True(all.Zip(all.Skip(1), (a, b) => a.CreatedAt >= b.CreatedAt).All(x => x));
            Assert.Contains(all, m => m.Status == "note" && m.Uuid is null);
            Assert.All(all, m => Assert.Equal(uuid, m.ContactUuid));
        }

        [Fact]
        public async Task A_bot_starts_and_stops()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(11);

            var started = await client.Bots.SetAsync(uuid, true);
            var stopped = await client.Bots.SetAsync(uuid, false);
            var read = await client.Bots.GetAsync(uuid);

            Assert.Equal("started", started.Status);
            Assert.Equal("ended", stopped.Status);
            Assert.Equal("ended", read.Status);
            Assert.Equal("{\"status\":\"bot_start\"}", Body(Sandbox.Journal.Requests.First(r => r.Method == "POST")));
            Assert.Equal(uuid, read.ContactUuid);
        }
    }
}
