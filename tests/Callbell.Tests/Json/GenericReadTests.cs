using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Callbell.Json;
using Xunit;

namespace Callbell.Tests.Json
{
    /// <summary>One mechanism for every model: dates in every spelling, and values of the wrong type kept raw.</summary>
    public sealed class GenericReadTests
    {
        private static T Read<T>(string json) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), CallbellJson.Info<T>())!;

        [Fact]
        public void A_value_of_an_unexpected_type_is_kept_raw_and_the_rest_still_reads()
        {
            var contact = Read<Contact>("{\"uuid\":\"u1\",\"name\":42,\"createdAt\":false,\"closedAt\":\"someday\",\"team\":\"Sales\",\"tags\":7,\"customFields\":\"x\",\"source\":\"whatsapp\"}");

            Assert.Equal("u1", contact.Uuid);
            Assert.Equal("whatsapp", contact.Source);
            Assert.Null(contact.Name);
            Assert.Null(contact.CreatedAt);
            Assert.Equal(42m, contact.AdditionalFields!["name"]);
            Assert.Equal(false, contact.AdditionalFields["createdAt"]);
            Assert.Equal("someday", contact.AdditionalFields["closedAt"]);
            Assert.Equal("Sales", contact.AdditionalFields["team"]);
            Assert.Equal(7m, contact.AdditionalFields["tags"]);
            Assert.Equal("x", contact.AdditionalFields["customFields"]);
        }

        [Fact]
        public void A_channel_reads_discardedAt_as_a_boolean_or_a_date()
        {
            var flagged = Read<Channel>("{\"uuid\":\"c\",\"discardedAt\":true}");
            var live = Read<Channel>("{\"uuid\":\"c\",\"discardedAt\":false}");
            var dated = Read<Channel>("{\"uuid\":\"c\",\"discardedAt\":\"2025-06-01 10:00:00 +0200\"}");

            Assert.True(flagged.Discarded);
            Assert.False(live.Discarded);
            Assert.Null(live.AdditionalFields);
            Assert.True(dated.Discarded);
            Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(2)), dated.DiscardedAt);
        }

        [Theory]
        [InlineData("0001-01-01T00:00:00+01:00")]
        [InlineData("0000-01-01T00:00:00Z")]
        [InlineData("9999-12-31T23:59:59-01:00")]
        [InlineData("99999999999999999")]
        [InlineData("-1")]
        [InlineData("2024-02-30 10:00:00 +0100")]
        [InlineData("2024-11-22T21:29:43.")]
        [InlineData("2024-11-22 25:61")]
        [InlineData("T")]
        public void The_date_parser_is_total_at_the_edges(string text)
        {
            var exception = Record.Exception(() => ApiDate.Parse(text));

            Assert.Null(exception);
            Assert.Null(ApiDate.Parse(text));
        }

        [Fact]
        public void The_date_parser_never_throws_on_random_input()
        {
            var random = new Random(20261123);
            const string alphabet = "0123456789-:T Z+.UTC";
            for (var i = 0; i < 20000; i++)
            {
                var length = random.Next(0, 36);
                var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                if (i % 3 == 0 && text.Length >= 4)
                {
                    text = "9999-12-31T23:59:59" + text.Substring(0, 4);
                }

                var exception = Record.Exception(() => ApiDate.Parse(text));
                Assert.True(exception is null, "'" + text + "' threw " + exception);
            }
        }
    }
}
