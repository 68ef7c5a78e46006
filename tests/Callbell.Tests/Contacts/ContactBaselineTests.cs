using System.Collections.Generic;
using Callbell.Contacts;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>A stale export re-imported: only what the file edited, never over a newer change in Callbell.</summary>
    public sealed class ContactBaselineTests
    {
        private static Contact Exported() => new Contact
        {
            Uuid = "0123456789abcdef0123456789abcdef",
            Name = "Anna",
            Note = "exported note",
            Tags = TagList.Parse("lead, vip"),
            CustomFields = CustomFieldSet.Parse("{\"Plan\":\"Gold\",\"Seats\":3}"),
        };

        [Fact]
        public void Cells_not_edited_in_the_file_are_left_as_Callbell_has_them_now()
        {
            var baseline = ContactBaseline.Parse(ContactBaseline.Of(Exported()));
            var now = Exported();
            now.Note = "changed in Callbell";
            var row = new ContactEdit { Name = "Anna", Note = "exported note", Tags = new[] { "vip", "lead" }, CustomFields = "{\"Plan\":\"Gold\",\"Seats\":3}" };
            var conflicts = new List<string>();

            var edit = baseline.Reconcile(row, new string[0], now, conflicts);

            Assert.True(edit.Diff(now).IsEmpty);
            Assert.Empty(conflicts);
        }

        [Fact]
        public void A_cell_edited_in_the_file_is_applied_and_one_changed_on_both_sides_is_left_out_and_said()
        {
            var baseline = ContactBaseline.Parse(ContactBaseline.Of(Exported()));
            var now = Exported();
            now.Note = "changed in Callbell";
            now.CustomFields["Seats"] = 4m;
            var row = new ContactEdit { Name = "Anna Rossi", Note = "edited in the file", CustomFields = "{\"Plan\":\"Platinum\",\"Seats\":5}" };
            var conflicts = new List<string>();

            var edit = baseline.Reconcile(row, new string[0], now, conflicts);
            var body = edit.Diff(now).Body().ToString();

            Assert.Equal("{\"name\":\"Anna Rossi\",\"custom_fields\":{\"Plan\":\"Platinum\"}}", body);
            Assert.Equal(2, conflicts.Count);
            Assert.Contains(conflicts, c => c.StartsWith("Note was changed both in the file ('edited in the file')", System.StringComparison.Ordinal));
            Assert.Contains(conflicts, c => c.StartsWith("custom field Seats was changed both", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_value_typed_on_the_command_line_always_counts_as_edited()
        {
            var baseline = ContactBaseline.Parse(ContactBaseline.Of(Exported()));
            var now = Exported();
            now.Note = "changed in Callbell";
            var conflicts = new List<string>();

            var edit = baseline.Reconcile(new ContactEdit { Note = "typed" }, new[] { "Note" }, now, conflicts);

            Assert.Equal("typed", edit.Note);
            Assert.Empty(conflicts);
        }

        [Fact]
        public void A_contact_read_from_the_api_keeps_its_baseline_when_changed_afterwards()
        {
            var contact = System.Text.Json.JsonSerializer.Deserialize("{\"uuid\":\"0123456789abcdef0123456789abcdef\",\"name\":\"Anna\",\"note\":\"as read\"}", Callbell.Json.CallbellJson.Info<Contact>())!;
            contact.Note = "changed in PowerShell";

            Assert.Contains("\"Note\":\"as read\"", contact.Baseline);
        }
    }
}
