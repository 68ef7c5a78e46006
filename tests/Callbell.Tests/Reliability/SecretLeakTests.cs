using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Reliability
{
    /// <summary>
    /// Every error path of the client, run with a recognisable token: the token must appear in no
    /// exception (message, ToString with inner exceptions), no log line, no object's text.
    /// </summary>
    public sealed class SecretLeakTests : IDisposable
    {
        private const string Canary = "test_LeakCanary9x8y7z6w5v4u3t";
        private readonly SandboxServer _sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 120, Token = Canary });
        private readonly RecordingObserver _log = new RecordingObserver();
        private readonly List<string> _texts = new List<string>();

        public static IEnumerable<object[]> FaultKinds() =>
            Enum.GetValues(typeof(FaultKind)).Cast<FaultKind>()
                .Where(k => k != FaultKind.Slow && k != FaultKind.IgnorePage && k != FaultKind.NeverAnswer && k != FaultKind.DripBody)
                .Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(FaultKinds))]
        public async Task No_fault_leaks_the_token_through_any_error_or_log(FaultKind kind)
        {
            _sandbox.Faults.Add(new FaultRule(kind) { RetryAfter = TimeSpan.FromMilliseconds(10), HugeBytes = 2 * 1024 * 1024 });
            var client = Client(o => o.MaxResponseBytes = 1024 * 1024);

            await Capture(() => client.Contacts.GetPageAsync(new ContactQuery(), 1));
            await Capture(() => client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync());
            await Capture(() => client.Auth.GetCurrentUserAsync());

            AssertNoLeak(expectErrors: true);
        }

        [Fact]
        public async Task Timeouts_and_cancellation_do_not_leak_the_token()
        {
            _sandbox.Faults.Add(FaultKind.NeverAnswer);
            var client = Client(o => o.Timeout = TimeSpan.FromMilliseconds(300));

            await Capture(() => client.Contacts.GetPageAsync(new ContactQuery(), 1));

            AssertNoLeak(expectErrors: true);
        }

        [Fact]
        public async Task Refused_input_and_missing_resources_do_not_leak_the_token()
        {
            var client = Client();

            await Capture(() => client.Contacts.GetAsync("00000000000000000000000000000000"));
            await Capture(() => client.Contacts.GetAsync("bad/uuid"));
            await Capture(() => client.Contacts.GetPageAsync(new ContactQuery { Tags = new[] { " " } }, 1));
            await Capture(() => Task.FromResult(BaseUriPolicy.Normalize(new Uri("http://" + Canary + "@example.com/v1"))));
            await Capture(() => Task.FromResult(new CallbellConnection(new CallbellConnectionOptions { Token = ApiToken.Parse(Canary), BaseUri = new Uri("http://example.com/v1") })));

            AssertNoLeak(expectErrors: true);
        }

        [Fact]
        public async Task What_a_successful_session_shows_does_not_contain_the_token()
        {
            var client = Client();

            var user = await client.Auth.GetCurrentUserAsync();
            var info = new CallbellConnectionInfo(client.Connection, user, "Connect-Callbell");
            _texts.Add(user.ToString());
            _texts.Add(user.AdditionalFields?.ToString() ?? string.Empty);
            _texts.Add(info.ToString());
            _texts.Add(info.Token);
            _texts.Add(client.Connection.ToString());
            _texts.Add(client.Connection.Token.ToString());
            _texts.Add(client.Connection.Options.Token!.ToString());

            AssertNoLeak(expectErrors: false);
        }

        public void Dispose() => _sandbox.Dispose();

        private int _failures;

        private CallbellClient Client(Action<CallbellConnectionOptions>? configure = null) =>
            new CallbellClient(SandboxConnections.Connect(_sandbox, o => { o.MaxAttempts = 2; configure?.Invoke(o); }), _log);

        private async Task Capture<T>(Func<Task<T>> action)
        {
            try
            {
                var result = await action();
                _texts.Add(result?.ToString() ?? string.Empty);
            }
            catch (Exception ex)
            {
                if (ex is CallbellException)
                {
                    _failures++;
                }

                _texts.Add(ex.ToString());
                _texts.Add(ex.Message);
                if (ex is CallbellException callbell)
                {
                    _texts.Add(callbell.RecommendedAction ?? string.Empty);
                }

                if (ex is CallbellApiException api)
                {
                    _texts.Add(api.ResponseBody ?? string.Empty);
                    _texts.Add(api.RequestUri.ToString());
                }
            }
        }

        private void AssertNoLeak(bool expectErrors)
        {
            // -Debug's view too: headers and the start of each body.
            var everything = _texts.Concat(_log.Lines).Concat(_log.Entries.Select(e => e.ToDebugString())).ToList();
            Assert.NotEmpty(everything);
            if (expectErrors)
            {
                Assert.True(_failures > 0, "the scenario was meant to fail with a CallbellException and did not");
            }

            Assert.All(everything, text => Assert.DoesNotContain(Canary, text, StringComparison.Ordinal));
        }
    }
}
