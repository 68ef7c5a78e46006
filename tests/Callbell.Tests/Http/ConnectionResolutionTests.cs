using System;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Http;
using Callbell.RateLimits;
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
            var scope = new ConnectionScope();

            var connection = scope.Resolve();
            var page = await new CallbellClient(connection).Contacts.GetPageAsync(new ContactQuery(), 1);

            Assert.Equal(Sandbox.BaseUri, connection.BaseUri);
            Assert.Equal(50, page.Items.Count);
            Assert.Same(connection, scope.Resolve()); // one HttpClient for the whole runbook
            scope.Disconnect();
            Assert.True(connection.IsDisposed);
        }

        [Fact]
        public void A_changed_environment_token_replaces_the_connection_and_releases_the_old_one()
        {
            using var environment = new EnvironmentScope(Sandbox.Token, Sandbox.BaseUri.AbsoluteUri);
            var scope = new ConnectionScope();
            var first = scope.Resolve();

            Environment.SetEnvironmentVariable(CallbellEnvironment.TokenVariable, "test_anothertokenanothertoken");
            var second = scope.Resolve();

            Assert.NotSame(first, second);
            Assert.True(first.IsDisposed);
            scope.Disconnect();
            Assert.True(second.IsDisposed);
        }

        [Fact]
        public void Only_identical_settings_share_a_connection_and_the_last_release_disposes_it()
        {
            CallbellConnectionOptions Options(string token) => new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse(token) };
            var first = ConnectionCache.Acquire(Options(Sandbox.Token));
            var again = ConnectionCache.Acquire(Options(Sandbox.Token));
            var other = ConnectionCache.Acquire(Options("test_anothertokenanothertoken"));
            var shorterUrls = Options(Sandbox.Token);
            shorterUrls.MaxUrlLength = 2000;
            var shorter = ConnectionCache.Acquire(shorterUrls);
            var slowerRetries = Options(Sandbox.Token);
            slowerRetries.RetryBaseDelay = TimeSpan.FromSeconds(2);
            var slower = ConnectionCache.Acquire(slowerRetries);

            Assert.Same(first, again);
            Assert.NotSame(first, other);
            Assert.NotSame(first, shorter);
            Assert.NotSame(first, slower);

            ConnectionCache.Release(first);
            Assert.False(first.IsDisposed); // a second runspace still holds it
            ConnectionCache.Release(again);
            Assert.True(first.IsDisposed);
            foreach (var connection in new[] { other, shorter, slower })
            {
                ConnectionCache.Release(connection);
                Assert.True(connection.IsDisposed);
            }
        }

        [Fact]
        public async Task Disconnecting_releases_the_connection_its_token_and_after_a_window_the_account_limiter()
        {
            using var environment = new EnvironmentScope(null, null);
            var options = new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse("test_releasedafterdisconnect01") };
            var scope = new ConnectionScope();
            var connection = ConnectionCache.Acquire(options);
            scope.Connect(new CallbellConnectionInfo(connection, null, "test"));
            var limiter = connection.Limiter;

            scope.Disconnect();

            Assert.True(connection.IsDisposed);
            Assert.Equal(0, limiter.References);
            Assert.False(limiter.Retired.IsCompleted, "given up at once: a new connection would start with a full budget");
            Assert.Same(limiter.Retired, await Task.WhenAny(limiter.Retired, Task.Delay(TimeSpan.FromSeconds(10))));
            using (var again = new CallbellConnection(options))
            {
                Assert.NotSame(limiter, again.Limiter);
            }

            Assert.Throws<CallbellException>(() => scope.Resolve());
        }

        [Fact]
        public void Proxy_credentials_read_again_from_the_environment_are_the_same_connection_and_a_held_connection_outlives_its_release()
        {
            var options = new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse("test_proxycredentialsbyvalue1"), Proxy = new Uri("http://proxy.example:8080"), ProxyCredential = new System.Net.NetworkCredential("alice", "s3cret") };
            var again = options.Clone();
            again.ProxyCredential = new System.Net.NetworkCredential("alice", "s3cret");
            var first = ConnectionCache.Acquire(options);
            var second = ConnectionCache.Acquire(again);
            Assert.Same(first, second);

            // A command holds the connection it uses; the owners letting go does not close it under the command.
            Assert.True(ConnectionCache.TryHold(first));
            ConnectionCache.Release(first);
            ConnectionCache.Release(second);
            Assert.False(first.IsDisposed);
            ConnectionCache.Release(first);
            Assert.True(first.IsDisposed);
            Assert.False(ConnectionCache.TryHold(first));
        }

        [Fact]
        public void A_session_connection_wins_over_the_environment()
        {
            using var environment = new EnvironmentScope("test_fromtheenvironment0000", "https://api.callbell.eu/v1");
            var scope = new ConnectionScope();
            var session = ConnectionCache.Acquire(new CallbellConnectionOptions { BaseUri = Sandbox.BaseUri, Token = ApiToken.Parse(Sandbox.Token) });
            scope.Connect(new CallbellConnectionInfo(session, null, "test"));

            Assert.Same(session, scope.Resolve());
            scope.Disconnect();
        }

        [Fact]
        public void With_no_token_anywhere_the_error_says_how_to_provide_one()
        {
            using var environment = new EnvironmentScope(null, null);

            var error = Assert.Throws<CallbellException>(() => new ConnectionScope().Resolve());

            Assert.Equal("Callbell.NoToken", error.ErrorId);
            Assert.Equal(CallbellErrorKind.Authentication, error.Kind);
            Assert.Contains("Connect-Callbell", error.Message);
            Assert.Contains("CALLBELL_API_TOKEN", error.RecommendedAction);
        }

        [Fact]
        public void A_plain_http_base_uri_in_the_environment_is_refused_naming_the_variable()
        {
            using var environment = new EnvironmentScope("test_fromtheenvironment0000", "http://api.callbell.eu/v1");

            var error = Assert.Throws<CallbellException>(() => new ConnectionScope().Resolve());

            Assert.Equal("$env:CALLBELL_BASE_URI", error.ParameterName);
        }

        [Fact]
        public void A_malformed_environment_token_is_refused_naming_the_variable()
        {
            using var environment = new EnvironmentScope("test_has a space", null);

            var error = Assert.Throws<CallbellException>(() => new ConnectionScope().Resolve());

            Assert.Equal("$env:CALLBELL_API_TOKEN", error.ParameterName);
            Assert.Contains("$env:CALLBELL_API_TOKEN", error.Message);
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
