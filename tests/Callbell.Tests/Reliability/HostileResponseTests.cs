using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Reliability
{
    /// <summary>Answers that are not what the API promises: each a clear error naming the request.</summary>
    public sealed class HostileResponseTests : SandboxTest
    {
        [Theory]
        [InlineData(FaultKind.HtmlPage, "text/html")]
        [InlineData(FaultKind.WrongContentType, "text/plain")]
        [InlineData(FaultKind.DeepNesting, "maximum configured depth")]
        [InlineData(FaultKind.InvalidUtf8, "invalid UTF-8")]
        [InlineData(FaultKind.NullBody, "null")]
        [InlineData(FaultKind.NumberBody, "not the JSON")]
        [InlineData(FaultKind.NullList, "no contacts array")]
        [InlineData(FaultKind.TruncateBody, "not the JSON")]
        [InlineData(FaultKind.Redirect, "redirect")]
        public async Task A_hostile_list_response_is_a_clear_error_naming_the_request(FaultKind kind, string expected)
        {
            Sandbox.Faults.Add(kind);

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.GetPageAsync(new ContactQuery(), 2));

            Assert.Equal(CallbellErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("GET " + Sandbox.BaseUri.AbsoluteUri + "contacts?page=2 failed", error.Message);
            Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(1, Sandbox.Journal.Count); // not retried, and a redirect is not followed
        }

        [Fact]
        public async Task A_redirect_to_another_host_is_not_followed_so_the_token_stays_home()
        {
            using var elsewhere = Callbell.Sandbox.SandboxServer.Start();
            var target = new UriBuilder(elsewhere.BaseUri) { Host = "localhost" }.Uri; // another host name, a listening server
            Sandbox.Faults.Add(new FaultRule(FaultKind.Redirect) { RedirectTo = new Uri(target, "contacts") });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Equal(302, error.StatusCode);
            Assert.Contains("localhost", error.Message);
            Assert.Equal(0, elsewhere.Journal.Count);
        }

        [Fact]
        public async Task A_null_contact_is_a_clear_error()
        {
            Sandbox.Faults.Add(FaultKind.NullList);

            var error = await Assert.ThrowsAnyAsync<CallbellException>(() => Client().Contacts.GetAsync(Callbell.Sandbox.Data.ContactGenerator.UuidFor(1)));

            Assert.Equal(CallbellErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("contacts/", error.Message);
        }
    }
}
