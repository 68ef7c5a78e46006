using System;
using Callbell.Paging;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>ErrorIds a script can key on, and walk failures that say what happened.</summary>
    public sealed class ErrorIdTests
    {
        [Theory]
        [InlineData("whatsapp_wallet_depleted_credit", "Callbell.whatsapp_wallet_depleted_credit.402")]
        [InlineData("wallet empty; <script>", "Callbell.InvalidRequest.402")]
        [InlineData("line\r\nbreak", "Callbell.InvalidRequest.402")]
        public void A_server_code_enters_an_ErrorId_only_as_a_plain_word(string code, string errorId)
        {
            Assert.Equal(errorId, CallbellApiException.ErrorIdFor(CallbellErrorKind.InvalidRequest, 402, code));
        }

        [Fact]
        public void A_refused_token_during_a_walk_is_the_refusal_itself_not_a_page_to_resume()
        {
            var refused = new CallbellApiException(CallbellErrorKind.Authentication, "GET", new Uri("https://api.callbell.eu/v1/contacts"), 401, null, 1, "The token was refused.");
            var proxy = new CallbellApiException(CallbellErrorKind.Connection, "GET", new Uri("https://api.callbell.eu/v1/contacts"), 407, null, 1, "The proxy wants credentials.");
            var server = new CallbellApiException(CallbellErrorKind.ServerError, "GET", new Uri("https://api.callbell.eu/v1/contacts"), 503, null, 5, "The server had an error.");

            Assert.Same(refused, CallbellPageException.Wrap(new PagePosition(3), refused));
            Assert.Same(proxy, CallbellPageException.Wrap(new PagePosition(3), proxy));
            var page = Assert.IsType<CallbellPageException>(CallbellPageException.Wrap(new PagePosition(3), server));
            Assert.Equal(3, page.Page);
        }
    }
}
