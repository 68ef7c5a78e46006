using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Sandbox
{
    /// <summary>
    /// .NET Framework clients send "Expect: 100-continue" and wait for the interim answer before
    /// the body. The module turns that off; the sandbox answers it for clients that do not.
    /// </summary>
    public sealed class ExpectContinueTests : SandboxTest
    {
        [Fact]
        public async Task A_client_that_expects_100_continue_gets_it_and_its_body_arrives()
        {
            // A wait this long would stall the test visibly if the sandbox never said "100 Continue".
            using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) };
            using var http = new HttpClient(handler) { BaseAddress = Sandbox.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sandbox.Token);
            http.DefaultRequestHeaders.ExpectContinue = true;

            using var response = await http.PostAsync("custom_statuses", new StringContent("{\"name\":\"Training\"}", Encoding.UTF8, "application/json"));

            Assert.Equal(200, (int)response.StatusCode);
            var received = Assert.Single(Sandbox.Journal.Requests);
            Assert.Equal("100-continue", received.Headers["Expect"]);
            Assert.Equal("{\"name\":\"Training\"}", Encoding.UTF8.GetString(received.Body));
        }

        [Fact]
        public async Task The_module_never_asks_for_100_continue()
        {
            using var response = await Connect().SendAsync(Callbell.Http.ApiRequest.Post("custom_statuses").WithBody(new Callbell.Http.JsonBody().Set("name", "Training")), null, default);

            Assert.False(Assert.Single(Sandbox.Journal.Requests).Headers.ContainsKey("Expect"));
        }
    }
}
