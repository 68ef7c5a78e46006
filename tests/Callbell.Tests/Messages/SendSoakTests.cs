using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Messages;
using Callbell.Sandbox;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Callbell.Tests.Messages
{
    /// <summary>Sends under random 429s, 503s and dropped connections: each message sent at most once, and none lost silently.</summary>
    public sealed class SendSoakTests
    {
        private readonly ITestOutputHelper _output;

        public SendSoakTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Every_message_is_sent_exactly_once_or_reported_and_none_twice()
        {
            const int count = 300;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 0 });
            sandbox.Faults.Seed(20261123);
            foreach (var (kind, chance) in new[] { (FaultKind.RateLimit, 0.10), (FaultKind.ServerError, 0.06), (FaultKind.DropAfterRequest, 0.04), (FaultKind.DropConnection, 0.04) })
            {
                sandbox.Faults.Add(new FaultRule(kind) { Method = "POST", Path = "/v1/messages/send", Probability = chance, Status = 503, RetryAfter = TimeSpan.FromMilliseconds(20) });
            }

            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Timeout = TimeSpan.FromSeconds(5)));
            var sent = new ConcurrentDictionary<string, string>();
            var failed = new ConcurrentDictionary<string, CallbellApiException>();
            using var throttle = new SemaphoreSlim(16);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var to = "+39333" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
                await throttle.WaitAsync();
                try
                {
                    var message = await client.Messages.SendAsync(new MessageDraft { To = to, Text = "Alert " + i, ChannelUuid = "b1a2c3d4e5f60718293a4b5c6d7e8f90" });
                    sent[to] = message.Uuid!;
                }
                catch (CallbellApiException ex)
                {
                    failed[to] = ex;
                }
                finally
                {
                    throttle.Release();
                }
            }));

            var stored = sandbox.State.Messages.Values.GroupBy(m => (string)m.Request["to"]!).ToDictionary(g => g.Key, g => g.Count());
            var attempts = sandbox.Journal.Requests.Where(r => r.Path == "/v1/messages/send" && r.Fault != FaultKind.RateLimit)
                .GroupBy(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("to").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            _output.WriteLine("{0} sent, {1} reported; faults: {2}", sent.Count, failed.Count, string.Join(", ", sandbox.Journal.FaultsInjected.Select(f => f.Key + " " + f.Value)));

            Assert.Equal(count, sent.Count + failed.Count); // nothing lost silently
            Assert.True(failed.Count > 0 && sandbox.Journal.FaultsInjected.ContainsKey(FaultKind.RateLimit), "the soak injected too little");
            Assert.All(attempts, a => Assert.True(a.Value == 1, a.Key + " was attempted " + a.Value + " times past the 429s"));
            Assert.All(stored, s => Assert.True(s.Value == 1, s.Key + " was stored " + s.Value + " times"));
            Assert.All(sent.Keys, to => Assert.Equal(1, stored[to]));
            Assert.All(failed, f => Assert.Contains("not retried", f.Value.Message));
        }
    }
}
