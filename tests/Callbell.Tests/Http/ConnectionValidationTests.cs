using System;
using System.Threading.Tasks;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>Settings that would leak or misroute the token are refused before any request.</summary>
    public sealed class ConnectionValidationTests : SandboxTest
    {
        [Theory]
        [InlineData("http://api.callbell.eu/v1")]
        [InlineData("http://10.0.0.5:8080/v1")]
        [InlineData("ftp://api.callbell.eu/v1")]
        public void A_non_https_base_uri_to_another_host_is_refused(string uri)
        {
            var error = Assert.Throws<CallbellException>(() => BaseUriPolicy.Normalize(new Uri(uri)));

            Assert.Equal("BaseUri", error.ParameterName);
            Assert.Contains("https", error.Message);
        }

        [Theory]
        [InlineData("http://127.0.0.1:5080/v1", "http://127.0.0.1:5080/v1/")]
        [InlineData("http://localhost:5080/v1/", "http://localhost:5080/v1/")]
        [InlineData("http://[::1]:5080/v1", "http://[::1]:5080/v1/")]
        [InlineData("https://api.callbell.eu/v1", "https://api.callbell.eu/v1/")]
        public void Https_and_loopback_http_are_accepted(string uri, string expected)
        {
            Assert.Equal(expected, BaseUriPolicy.Normalize(new Uri(uri)).AbsoluteUri);
        }

        [Fact]
        public void A_base_uri_with_user_info_is_refused()
        {
            var error = Assert.Throws<CallbellException>(() => BaseUriPolicy.Normalize(new Uri("https://user:secret@api.callbell.eu/v1")));

            Assert.Equal("BaseUri", error.ParameterName);
            Assert.DoesNotContain("secret", error.Message);
        }

        [Theory]
        [InlineData("test_abc\r\nX-Injected: yes")]
        [InlineData("test_abc\ndef")]
        [InlineData("test abc")]
        [InlineData("test_abc\u0000")]
        [InlineData("tést_abc")]
        [InlineData("")]
        public void A_token_that_could_inject_a_header_is_refused(string token)
        {
            var error = Assert.Throws<CallbellException>(() => ApiToken.Parse(token));

            Assert.Equal("Token", error.ParameterName);
            if (token.Length > 0)
            {
                Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void A_connection_without_a_token_says_how_to_provide_one()
        {
            var error = Assert.Throws<CallbellException>(() => new CallbellConnection(new CallbellConnectionOptions()));

            Assert.Equal("Callbell.NoToken", error.ErrorId);
            Assert.Contains("CALLBELL_API_TOKEN", error.Message);
            Assert.Contains("Connect-Callbell", error.Message);
        }

        [Fact]
        public async Task A_wrong_token_is_an_authentication_error_with_a_hint()
        {
            var connection = new CallbellConnection(new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse("test_wrongwrongwrongwrong00") });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => new CallbellClient(connection).Auth.GetCurrentUserAsync());

            Assert.Equal(CallbellErrorKind.Authentication, error.Kind);
            Assert.Equal(401, error.StatusCode);
            Assert.Contains("Connect-Callbell", error.Message);
        }

        [Fact]
        public async Task Auth_me_names_the_user_and_drops_the_echoed_api_key()
        {
            var user = await Client().Auth.GetCurrentUserAsync();

            Assert.Equal("Sandbox Admin", user.Name);
            Assert.Equal("admin@sandbox.callbell.local", user.Email);
            Assert.True(user.AdditionalFields is null || !user.AdditionalFields.ContainsKey("api_key"));
            Assert.DoesNotContain(Sandbox.Token, user.ToString());
        }

        [Fact]
        public void The_token_is_masked_in_every_view_of_a_connection()
        {
            var connection = Connect();

            Assert.DoesNotContain(Sandbox.Token, connection.ToString());
            Assert.DoesNotContain(Sandbox.Token, connection.Token.ToString());
            Assert.StartsWith("test_****", connection.Token.Masked);
        }
    }
}
