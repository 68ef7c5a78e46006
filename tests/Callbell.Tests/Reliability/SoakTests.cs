using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Callbell.Tests.Reliability
{
    /// <summary>-All through a storm of faults: exactly every contact, in order, once.</summary>
    public sealed class SoakTests
    {
        private readonly ITestOutputHelper _output;

        public SoakTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Ten_thousand_contacts_through_random_faults_arrive_exactly_once_in_order()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 10_000, PageSize = 50 });
            sandbox.Faults.Seed(20261121);
            sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Path = "/v1/contacts", Probability = 0.02, RetryAfter = TimeSpan.FromSeconds(1) });
            sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Path = "/v1/contacts", Probability = 0.05, Status = 503 });
            sandbox.Faults.Add(new FaultRule(FaultKind.DropConnection) { Path = "/v1/contacts", Probability = 0.05 });
            sandbox.Faults.Add(new FaultRule(FaultKind.Slow) { Path = "/v1/contacts", Probability = 0.05, Delay = TimeSpan.FromMilliseconds(300) });
            var log = new RecordingObserver();
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.MaxAttempts = 8), log);
            var clock = Stopwatch.StartNew();

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(Enumerable.Range(0, 10_000).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
            var faults = sandbox.Journal.FaultsInjected;
            var retried = log.Entries.Count(e => e.RetryDelay.HasValue);
            _output.WriteLine("{0} requests, {1} faults injected ({2}), {3} retries, {4:n1} s",
                sandbox.Journal.Count, sandbox.Journal.TotalFaultsInjected, string.Join(", ", faults.Select(f => f.Key + " " + f.Value)), retried, clock.Elapsed.TotalSeconds);
            Assert.True(faults.Count == 4, "every kind of fault was injected at least once");
            var requests = sandbox.Journal.Requests;
            foreach (var failed in requests.Where(r => r.Fault.HasValue && r.Fault != FaultKind.Slow && r.Page <= 201))
            {
                // Every page that met a fault was asked again and then answered.
                Assert.Contains(requests, r => r.Page == failed.Page && r.ReceivedAt >= failed.ReceivedAt && (r.Fault is null || r.Fault == FaultKind.Slow));
            }

            Assert.True(retried >= requests.Count(r => r.Fault.HasValue && r.Fault != FaultKind.Slow && r.Page <= 201));
        }

        [Theory]
        [InlineData(FaultKind.RateLimit)]
        [InlineData(FaultKind.ServerError)]
        [InlineData(FaultKind.DropConnection)]
        public async Task A_fault_on_a_lookahead_request_loses_and_duplicates_nothing(FaultKind kind)
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 500, PageSize = 20, Cursors = false });
            sandbox.Faults.Latency = TimeSpan.FromMilliseconds(10);
            // Pages 3 and 4 are requested while page 2 is consumed: lookahead requests.
            sandbox.Faults.Add(new FaultRule(kind) { Page = 3, Times = 2, RetryAfter = TimeSpan.FromSeconds(1) });
            sandbox.Faults.Add(new FaultRule(kind) { Page = 4, Times = 1, RetryAfter = TimeSpan.FromSeconds(1) });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Lookahead = 4));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(Enumerable.Range(0, 500).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
            Assert.Equal(3, sandbox.Journal.FaultsInjected[kind]);
        }
    }
}
