using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Callbell.Contacts;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>The diff rules of the CSV round trip: only what differs, the phone number never, types by declaration.</summary>
    public sealed class ContactEditTests
    {
        private static Contact Current() => new Contact
        {
            Uuid = "u1",
            Name = "Anna Rossi",
            PhoneNumber = "+393330000001",
            Tags = new TagList(new[] { "lead", "VIP" }),
            AssignedUser = "anna@sandbox.callbell.local",
            Note = "Prefers e-mail",
            CustomFields = new CustomFieldSet { ["Plan"] = "Gold", ["Seats"] = 3m, ["Interests"] = "[\"Pricing\",\"Support\"]" },
            CustomFieldsMetadata = new CustomFieldMetadataSet
            {
                ["Plan"] = new CustomFieldMetadata { Type = "dropdown", Value = "Gold" },
                ["Seats"] = new CustomFieldMetadata { Type = "number", Value = 3m },
                ["Interests"] = new CustomFieldMetadata { Type = "checkbox", Value = new[] { "Pricing", "Support" } },
            },
        };

        [Fact]
        public void An_unchanged_exported_row_makes_no_change()
        {
            var contact = Current();
            var row = new ContactEdit { Name = "Anna Rossi", PhoneNumber = "+39 333 0000001", Tags = new[] { "vip, lead" }, CustomFields = contact.CustomFields.ToString(), AssignedUser = "ANNA@sandbox.callbell.local", Note = "Prefers e-mail" };

            Assert.True(row.Diff(contact).IsEmpty);
        }

        [Fact]
        public void Only_the_changed_cells_are_sent_with_fields_converted_by_their_declared_type()
        {
            var contact = Current();
            var cells = new CustomFieldSet { ["Plan"] = "Gold", ["Seats"] = 12m, ["Interests"] = "[\"Support\"]" };
            var row = new ContactEdit { Name = "Anna Rossi", Tags = new[] { "lead, vip, customer" }, CustomFields = cells.ToString() };

            var body = row.Diff(contact).Body().ToString();

            Assert.Equal("{\"tags\":[\"lead\",\"vip\",\"customer\"],\"custom_fields\":{\"Seats\":\"12\",\"Interests\":[\"Support\"]}}", body);
        }

        [Fact]
        public void A_changed_phone_number_is_an_error_naming_the_column()
        {
            var error = Assert.Throws<CallbellException>(() => new ContactEdit { PhoneNumber = "+15550000" }.Diff(Current()));

            Assert.Equal("PhoneNumber", error.ParameterName);
            Assert.Contains("+393330000001", error.Message);
        }

        [Fact]
        public void Empty_values_clear_what_is_set_and_nothing_else()
        {
            var changes = new ContactEdit { Note = string.Empty, AssignedUser = string.Empty, Tags = new string[0] }.Diff(Current());

            Assert.Equal("{\"tags\":[],\"unassign_user\":true,\"note\":\"\"}", changes.Body().ToString());
        }

        [Fact]
        public void Adding_and_removing_tags_reads_the_current_set_and_sends_nothing_when_nothing_changes()
        {
            Assert.Equal(new[] { "lead", "customer" }, new ContactEdit { AddTags = new[] { "customer" }, RemoveTags = new[] { "vip" } }.Diff(Current()).Tags);
            Assert.True(new ContactEdit { AddTags = new[] { "LEAD" } }.Diff(Current()).IsEmpty);
            Assert.True(new ContactEdit { RemoveTags = new[] { "churned" } }.Diff(Current()).IsEmpty);
        }

        [Fact]
        public void Field_names_match_the_contact_case_insensitively_and_are_sent_as_the_contact_spells_them()
        {
            var changes = new ContactEdit { CustomFields = new Hashtable { ["seats"] = 4 } }.Diff(Current());

            Assert.Equal(new[] { "Seats" }, changes.CustomFields!.Keys.ToArray());
            Assert.Equal("{\"custom_fields\":{\"Seats\":\"4\"}}", changes.Body().ToString());
        }

        [Fact]
        public void The_description_says_what_would_change()
        {
            var text = ContactEdit.Describe(new ContactEdit { Name = "Anna R.", Note = string.Empty, CustomFields = new Hashtable { ["Seats"] = 4 } }.Diff(Current()));

            Assert.Equal("Set name to 'Anna R.'; custom fields Seats = '4'; note cleared", text);
        }

        [Fact]
        public void A_row_to_create_leaves_empty_cells_out_splits_tags_and_sends_a_list_cell_as_a_list()
        {
            var row = new ContactEdit { Tags = new[] { "lead, vip" }, CustomFields = "{\"Plan\":\"Gold\",\"Seats\":\"3\",\"Interests\":\"[\\\"Pricing\\\"]\"}", AssignedUser = string.Empty, TeamUuid = " ", Note = string.Empty };

            var body = row.ForCreate(channelUuid: string.Empty).Body().ToString();

            Assert.Equal("{\"tags\":[\"lead\",\"vip\"],\"custom_fields\":{\"Plan\":\"Gold\",\"Seats\":\"3\",\"Interests\":[\"Pricing\"]}}", body);
        }
    }
}
