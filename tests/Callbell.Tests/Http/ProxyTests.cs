using System;
using System.Net;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Tests.Infrastructure;
using Callbell.Tests.Support;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>Requests through a proxy on loopback that wants a user name and password, as corporate proxies do.</summary>
    public sealed class ProxyTests : SandboxTest
    {
        [Fact]
        public async Task Requests_reach_the_api_through_a_proxy_that_is_given_its_credentials()
        {
            using var proxy = new LoopbackProxy("alice", "s3cret");
            var connection = Connect(o =>
            {
                o.Proxy = proxy.Address;
                o.ProxyCredential = new NetworkCredential("alice", "s3cret");
            });
            var client = new CallbellClient(connection);

            var plan = await client.Plan.GetAsync();
            var page = await client.Contacts.GetPageAsync(new Callbell.Contacts.ContactQuery());

            Assert.False(string.IsNullOrEmpty(plan.Name));
            Assert.NotEmpty(page.Items);
            Assert.Equal(2, proxy.Forwarded);
            Assert.Equal(2, Sandbox.Journal.Count);
            Assert.All(RequestHistory.Last(10, connection.Account), attempt => Assert.Equal(200, attempt.StatusCode));
        }

        [Fact]
        public async Task A_proxy_that_answers_407_is_one_clear_error_naming_the_proxy_and_the_parameter_never_a_retry_loop()
        {
            using var proxy = new LoopbackProxy("alice", "s3cret");
            var client = Client(o => o.Proxy = proxy.Address);

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => client.Plan.GetAsync());

            Assert.Equal("Callbell.ProxyAuthenticationRequired.407", error.ErrorId);
            Assert.Equal(CallbellErrorKind.Connection, error.Kind);
            Assert.Contains(proxy.Address.GetLeftPart(UriPartial.Authority), error.Message);
            Assert.Contains("-ProxyCredential", error.Message);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(1, proxy.Challenged);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task Wrong_proxy_credentials_are_refused_once_and_said_to_be_refused()
        {
            using var proxy = new LoopbackProxy("alice", "s3cret");
            var client = Client(o =>
            {
                o.Proxy = proxy.Address;
                o.ProxyCredential = new NetworkCredential("alice", "wrong");
            });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => client.Plan.GetAsync());

            Assert.Equal("Callbell.ProxyAuthenticationRequired.407", error.ErrorId);
            Assert.Contains("refused the credentials", error.Message);
            Assert.DoesNotContain("wrong", error.Message);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Theory]
        [InlineData("ftp://proxy.example:21", "Proxy")]
        [InlineData("http://bob:pw@proxy.example:8080", "Proxy")]
        public void A_proxy_address_that_cannot_work_is_refused_before_any_request(string address, string parameter)
        {
            var error = Assert.Throws<CallbellException>(() => Connect(o => o.Proxy = new Uri(address)));

            Assert.Equal(parameter, error.ParameterName);
            Assert.DoesNotContain("pw", error.Message);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public void Proxy_credentials_and_default_credentials_together_are_refused()
        {
            var error = Assert.Throws<CallbellException>(() => Connect(o =>
            {
                o.ProxyCredential = new NetworkCredential("alice", "s3cret");
                o.ProxyUseDefaultCredentials = true;
            }));

            Assert.Equal("ProxyCredential", error.ParameterName);
        }

        [Fact]
        public void A_proxy_address_from_an_environment_variable_gives_its_user_as_a_credential()
        {
            var (address, credential) = CallbellEnvironment.SplitProxy(new Uri("http://corp%5Calice:p%40ss@proxy.example:8080/"));

            Assert.Equal("http://proxy.example:8080/", address.AbsoluteUri);
            Assert.Equal("corp\\alice", credential!.UserName);
            Assert.Equal("p@ss", credential.Password);
        }
    }
}
