using System;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>
    /// Which connection a command uses: Connect-Callbell's, else the environment's (runbooks),
    /// else a clear error. Runs alone: it sets process environment variables.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public sealed class ConnectionResolutionTests : SandboxTest
    {
        [Fact]
        public async Task Without_a_session_the_environment_token_and_base_uri_are_used()
        {
            using var environment = new EnvironmentScope(Sandbox.Token, Sandbox.BaseUri.AbsoluteUri);

            var connection = ConnectionCache.Resolve(null);
            var page = await new CallbellClient(connection).Contacts.GetPageAsync(new ContactQuery(), 1);

            Assert.Equal(Sandbox.BaseUri, connection.BaseUri);
            Assert.Equal(50, page.Items.Count);
            Assert.Same(connection, ConnectionCache.Resolve(null)); // one HttpClient for the whole runbook
        }

        [Fact]
        public void Only_identical_settings_share_a_connection()
        {
            CallbellConnectionOptions Options(string token) => new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse(token) };
            var first = ConnectionCache.GetOrCreate(Options(Sandbox.Token));

            Assert.Same(first, ConnectionCache.GetOrCreate(Options(Sandbox.Token)));
            Assert.NotSame(first, ConnectionCache.GetOrCreate(Options("test_anothertokenanothertoken")));
            var shorterUrls = Options(Sandbox.Token);
            shorterUrls.MaxUrlLength = 2000;
            Assert.NotSame(first, ConnectionCache.GetOrCreate(shorterUrls));
            var slowerRetries = Options(Sandbox.Token);
            slowerRetries.RetryBaseDelay = TimeSpan.FromSeconds(2);
            Assert.NotSame(first, ConnectionCache.GetOrCreate(slowerRetries));
        }

        [Fact]
        public void A_session_connection_wins_over_the_environment()
        {
            using var environment = new EnvironmentScope("test_fromtheenvironment0000", "https://api.callbell.eu/v1");
            var session = Connect();

            Assert.Same(session, ConnectionCache.Resolve(session));
        }

        [Fact]
        public void With_no_token_anywhere_the_error_says_how_to_provide_one()
        {
            using var environment = new EnvironmentScope(null, null);

            var error = Assert.Throws<CallbellException>(() => ConnectionCache.Resolve(null));

            Assert.Equal("Callbell.NoToken", error.ErrorId);
            Assert.Equal(CallbellErrorKind.Authentication, error.Kind);
            Assert.Contains("Connect-Callbell", error.Message);
            Assert.Contains("CALLBELL_API_TOKEN", error.RecommendedAction);
        }

        [Fact]
        public void A_plain_http_base_uri_in_the_environment_is_refused_naming_the_variable()
        {
            using var environment = new EnvironmentScope("test_fromtheenvironment0000", "http://api.callbell.eu/v1");

            var error = Assert.Throws<CallbellException>(() => ConnectionCache.Resolve(null));

            Assert.Equal("$env:CALLBELL_BASE_URI", error.ParameterName);
        }

        private sealed class EnvironmentScope : IDisposable
        {
            private readonly string? _token = Environment.GetEnvironmentVariable(CallbellEnvironment.TokenVariable);
            private readonly string? _baseUri = Environment.GetEnvironmentVariable(CallbellEnvironment.BaseUriVariable);

            public EnvironmentScope(string? token, string? baseUri)
            {
                Environment.SetEnvironmentVariable(CallbellEnvironment.TokenVariable, token);
                Environment.SetEnvironmentVariable(CallbellEnvironment.BaseUriVariable, baseUri);
            }

            public void Dispose()
            {
                Environment.SetEnvironmentVariable(CallbellEnvironment.TokenVariable, _token);
                Environment.SetEnvironmentVariable(CallbellEnvironment.BaseUriVariable, _baseUri);
            }
        }
    }
}
