using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Callbell.Contacts;
using Callbell.Json;
using Xunit;

namespace Callbell.Tests.Json
{
    /// <summary>The quirks of docs/callbell-api.md, each read without failing the page and without losing data.</summary>
    public sealed class ContactJsonTests
    {
        private static Contact ReadOne(string json)
        {
            using var document = JsonDocument.Parse(json);
            var contact = document.RootElement.GetProperty("contact");
            if (contact.ValueKind == JsonValueKind.Array)
            {
                contact = contact[0];
            }

            return JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(contact.GetRawText()), CallbellJson.Info<Contact>())!;
        }

        [Theory]
        [InlineData("2020-11-13T21:08:53Z", "2020-11-13T21:08:53+00:00")]
        [InlineData("2024-11-22T21:29:43.311+01:00", "2024-11-22T21:29:43.311+01:00")]
        [InlineData("2024-11-22 21:29:43 +0100", "2024-11-22T21:29:43+01:00")]
        [InlineData("2024-11-22 21:29:43 UTC", "2024-11-22T21:29:43+00:00")]
        [InlineData("1700000000", "2023-11-14T22:13:20+00:00")]
        [InlineData("2024-02-29T23:59:59.9999999-05:30", "2024-02-29T23:59:59.9999999-05:30")]
        [InlineData("2024-11-22 21:29:43.5 -0800", "2024-11-22T21:29:43.5-08:00")]
        [InlineData("2024-11-22T21:29:43+0100", "2024-11-22T21:29:43+01:00")]
        [InlineData("2024-11-22T21:29:43", "2024-11-22T21:29:43+00:00")]
        public void The_documented_date_formats_parse_to_the_same_instant(string text, string expected)
        {
            var contact = ReadOne("{\"contact\":{\"createdAt\":\"" + text + "\"}}");

            Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), contact.CreatedAt);
        }

        [Theory]
        [InlineData("2023-02-29T10:00:00Z")]
        [InlineData("2024-13-01T10:00:00Z")]
        [InlineData("2024-11-22T25:00:00Z")]
        [InlineData("2024-11-22T21:29:43+15:00")]
        [InlineData("2024-11-22T21:29:43Q")]
        public void An_impossible_date_is_not_read_as_another_one(string text)
        {
            Assert.Null(ApiDate.Parse(text));
        }

        [Fact]
        public void An_unreadable_date_is_null_and_its_text_is_kept()
        {
            var contact = ReadOne("{\"contact\":{\"uuid\":\"a\",\"createdAt\":\"last tuesday\",\"closedAt\":null}}");

            Assert.Null(contact.CreatedAt);
            Assert.Equal("last tuesday", contact.AdditionalFields!["createdAt"]);
            Assert.Equal("a", contact.Uuid);
        }

        [Fact]
        public void A_contact_wrapped_in_an_array_and_a_bare_one_read_alike()
        {
            var wrapped = ReadOne("{\"contact\":[{\"uuid\":\"abc\",\"name\":\"Ann\"}]}");
            var bare = ReadOne("{\"contact\":{\"uuid\":\"abc\",\"name\":\"Ann\"}}");

            Assert.Equal("abc", wrapped.Uuid);
            Assert.Equal(bare.Name, wrapped.Name);
        }

        [Fact]
        public void Custom_field_values_keep_their_shape()
        {
            var contact = ReadOne("{\"contact\":{\"customFields\":{\"Plan\":\"Gold\",\"Seats\":12,\"Ratio\":0.25,\"Interests\":[\"a\",\"b\"],\"Empty\":null}}}");

            Assert.Equal("Gold", contact.CustomFields["plan"]);
            Assert.Equal(12m, contact.CustomFields["Seats"]);
            Assert.Equal(0.25m, contact.CustomFields["Ratio"]);
            Assert.Equal(new[] { "a", "b" }, contact.CustomFields["Interests"]);
            Assert.Null(contact.CustomFields["Empty"]);
        }

        [Fact]
        public void Unknown_fields_stay_reachable_with_their_json()
        {
            var contact = ReadOne("{\"contact\":{\"uuid\":\"a\",\"lifecycleStage\":\"lead\",\"score\":{\"value\":7}}}");

            // Plain values, not JsonElements: they survive ConvertTo-Json, Export-Clixml and jobs as themselves.
            Assert.Equal("lead", contact.AdditionalFields!["lifecycleStage"]);
            var score = Assert.IsType<System.Collections.Specialized.OrderedDictionary>(contact.AdditionalFields["score"]);
            Assert.Equal(7m, score["value"]);
            Assert.Equal("{\"lifecycleStage\":\"lead\",\"score\":{\"value\":7}}", contact.AdditionalFields.ToString());
        }

        [Fact]
        public void Discarded_at_reads_as_a_boolean_or_a_date()
        {
            var flag = ReadOne("{\"contact\":{\"channel\":{\"title\":\"WA\",\"discardedAt\":true}}}").Channel!;
            var date = ReadOne("{\"contact\":{\"channel\":{\"title\":\"WA\",\"discardedAt\":\"2024-01-02T03:04:05Z\"}}}").Channel!;
            var neither = ReadOne("{\"contact\":{\"channel\":{\"title\":\"WA\",\"discardedAt\":false}}}").Channel!;

            Assert.True(flag.Discarded);
            Assert.Null(flag.DiscardedAt);
            Assert.True(date.Discarded);
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), date.DiscardedAt);
            Assert.False(neither.Discarded);
            Assert.Null(neither.AdditionalFields);
        }

        [Fact]
        public void Tags_and_custom_fields_have_readable_reversible_text()
        {
            var contact = ReadOne("{\"contact\":{\"tags\":[\"lead\",\"vip\"],\"customFields\":{\"Plan\":\"Gold\",\"Seats\":3,\"Interests\":[\"a, b\",\"c\"]}}}");

            Assert.Equal("lead, vip", contact.Tags.ToString());
            Assert.Equal(new[] { "lead", "vip" }, TagList.Parse(contact.Tags.ToString()));
            var text = contact.CustomFields.ToString();
            Assert.Equal("{\"Plan\":\"Gold\",\"Seats\":3,\"Interests\":[\"a, b\",\"c\"]}", text);
            var back = CustomFieldSet.Parse(text);
            Assert.Equal(contact.CustomFields.Keys, back.Keys);
            Assert.Equal(new[] { "a, b", "c" }, back["Interests"]);
            Assert.Equal(3m, back["Seats"]);
        }

        [Fact]
        public void Team_and_channel_read_as_their_names()
        {
            var contact = ReadOne("{\"contact\":{\"team\":{\"uuid\":\"t1\",\"name\":\"Sales\",\"createdAt\":\"2023-05-02 09:15:00 +0200\",\"members\":\"4\"},\"channel\":{\"uuid\":\"c1\",\"title\":\"WhatsApp Main\"}}}");

            Assert.Equal("Sales", contact.Team!.ToString());
            Assert.Equal("t1", contact.TeamUuid);
            Assert.Equal(4, contact.Team.Members);
            Assert.Equal(new DateTimeOffset(2023, 5, 2, 9, 15, 0, TimeSpan.FromHours(2)), contact.Team.CreatedAt);
            Assert.Equal("WhatsApp Main", contact.Channel!.ToString());
        }

        [Fact]
        public void Null_tags_and_custom_fields_read_as_empty()
        {
            var contact = ReadOne("{\"contact\":{\"tags\":null,\"customFields\":null}}");

            Assert.Empty(contact.Tags);
            Assert.Empty(contact.CustomFields);
        }

        [Fact]
        public void Custom_fields_text_that_is_not_json_names_the_parameter()
        {
            var error = Assert.Throws<CallbellException>(() => CustomFieldSet.Parse("Plan=Gold"));

            Assert.Equal("CustomFields", error.ParameterName);
        }
    }
}
