using Callbell.Messages;
using Xunit;

namespace Callbell.Tests.Messages
{
    /// <summary>One recipient, one key: the "already sent to" rule, the pipeline key and the journal see one person however the input writes it.</summary>
    public sealed class RecipientKeyTests
    {
        [Theory]
        [InlineData("+39 333 765 4321", "393337654321")]
        [InlineData("+39-333-765-4321", "393337654321")]
        [InlineData("@Anna_TG", "@anna_tg")]
        [InlineData("  @anna_tg ", "@anna_tg")]
        public void A_number_is_its_digits_and_a_handle_its_lower_case(string to, string key)
        {
            Assert.Equal(key, new MessageDraft { To = to }.RecipientKey);
        }

        [Fact]
        public void A_message_to_a_bsuid_is_keyed_apart_from_numbers()
        {
            Assert.Equal("bsuid:IT.4000000001", new MessageDraft { Bsuid = "IT.4000000001" }.RecipientKey);
        }
    }
}
