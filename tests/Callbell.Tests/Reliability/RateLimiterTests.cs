using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Http;
using Callbell.RateLimits;
using Callbell.Sandbox;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Callbell.Tests.Reliability
{
    /// <summary>The process-wide limiter, measured where it matters: at the server.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class RateLimiterTests
    {
        private readonly ITestOutputHelper _output;

        public RateLimiterTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Thirty_two_concurrent_walks_on_separate_connections_stay_under_the_account_limit()
        {
            const int limit = 60;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 60, PageSize = 10 });
            var walks = Enumerable.Range(0, 32).Select(_ =>
            {
                // A connection each, as 32 runspaces would have: only the account is shared.
                var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = limit));
                return Task.Run(() => client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync());
            }).ToArray();
            var clock = Stopwatch.StartNew();

            var results = await Task.WhenAll(walks);

            var peak = sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1));
            _output.WriteLine("{0} requests in {1:n2} s, busiest second {2} (limit {3})", sandbox.Journal.Count, clock.Elapsed.TotalSeconds, peak, limit);
            Assert.All(results, r => Assert.Equal(60, r.Count));
            Assert.True(peak <= limit, "the server saw " + peak + " requests in one second");
            Assert.True(peak >= limit * 0.8, "the limiter wasted its budget: peak " + peak);
        }

        [Fact]
        public async Task A_429_pauses_every_caller_of_the_account_not_only_the_one_that_got_it()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 100 });
            sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, RetryAfter = TimeSpan.FromSeconds(2) });
            var log = new RecordingObserver();
            var first = new CallbellClient(SandboxConnections.Connect(sandbox), log);
            var second = new CallbellClient(SandboxConnections.Connect(sandbox));

            var limited = first.Contacts.GetPageAsync(new ContactQuery(), 1);
            await log.WaitForAsync(e => e.StatusCode == 429); // the 429 has been read, and the pause set
            await second.Contacts.GetPageAsync(new ContactQuery(), 2);
            await limited;

            var requests = sandbox.Journal.Requests;
            var rateLimited = requests.Single(r => r.Fault == FaultKind.RateLimit);
            var secondCaller = requests.Single(r => r.Page == 2);
            Assert.True(secondCaller.ReceivedAt - rateLimited.ReceivedAt >= TimeSpan.FromSeconds(1.8), "the other caller went ahead after " + (secondCaller.ReceivedAt - rateLimited.ReceivedAt));
        }

        [Fact]
        public async Task After_a_429_pause_the_waiting_callers_still_hold_the_budget()
        {
            const int limit = 20;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 100, PageSize = 10 });
            sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, Every = 5, RetryAfter = TimeSpan.FromSeconds(1) });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = limit));

            await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.Contacts.GetPageAsync(new ContactQuery(), 1 + (i % 10))));

            var peak = sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1));
            _output.WriteLine("{0} requests, busiest second {1} (limit {2})", sandbox.Journal.Count, peak, limit);
            Assert.Equal(61, sandbox.Journal.Count);
            Assert.True(peak <= limit, "the server saw " + peak + " requests in one second");
        }

        [Fact]
        public async Task Two_connections_to_one_account_share_the_smaller_budget()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 100, PageSize = 10 });
            var generous = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = 300));
            var careful = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = 15));

            Assert.Same(generous.Connection.Limiter, careful.Connection.Limiter);
            Assert.Equal(15, generous.Connection.Limiter.RequestsPerSecond);
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? generous : careful).Contacts.GetPageAsync(new ContactQuery(), 1)));

            var peak = sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1));
            var times = sandbox.Journal.Requests.Select(r => r.ReceivedAt).OrderBy(t => t).ToArray();
            Assert.True(peak <= 15, "the server saw " + peak + " requests in one second: " + string.Join(" ", times.Select(t => (t - times[0]).TotalMilliseconds.ToString("0"))));
        }

        [Fact]
        public async Task The_budget_rises_again_when_the_strictest_connection_is_released()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 20, PageSize = 20 });
            var generous = SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = 300);
            var careful = SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = 1);
            Assert.Equal(1, generous.Limiter.RequestsPerSecond);

            careful.Dispose();

            Assert.Equal(300, generous.Limiter.RequestsPerSecond);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // at one a second, 20 requests would take 20 s
            var client = new CallbellClient(generous);
            await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Contacts.GetPageAsync(new ContactQuery(), 1, bound.Token)));
            Assert.Equal(20, sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1)));
        }

        [Fact]
        public async Task The_budget_holds_at_the_server_under_steady_demand()
        {
            const int limit = 50;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 20, PageSize = 20 });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = limit));

            // Eight workers keep requests waiting at all times, as a pipeline with a throttle would.
            // How much of the budget is used is the benchmark's to measure (bench/, "rate").
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= limit * 4)
                {
                    await client.Contacts.GetPageAsync(new ContactQuery(), 1);
                }
            }));

            var peak = sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1));
            _output.WriteLine("{0} requests, busiest second {1} (budget {2})", sandbox.Journal.Count, peak, limit);
            Assert.Equal(limit * 4, sandbox.Journal.Count);
            Assert.Equal(0, sandbox.Journal.RateLimited);
            Assert.True(peak <= limit, "the server saw " + peak + " requests in one second");
        }

        [Fact]
        public async Task A_steady_round_trip_is_not_charged_to_the_budget()
        {
            // At 500 ms a request, charging the round trip would free each slot 1.5 s after its
            // start: the second budget's worth could not arrive before then. Not charging it, the
            // second batch arrives about a second after the first.
            const int limit = 10;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 20, PageSize = 20 });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = limit));
            sandbox.Faults.Latency = TimeSpan.FromMilliseconds(500);
            await client.Contacts.GetPageAsync(new ContactQuery(), 1); // a warm connection, and the round trip known
            sandbox.Journal.Reset();
            await Task.Delay(1100); // the warm-up's slot is free again

            await Task.WhenAll(Enumerable.Range(0, limit * 2).Select(_ => client.Contacts.GetPageAsync(new ContactQuery(), 1)));

            var arrivals = sandbox.Journal.Requests.Select(r => r.ReceivedAt).OrderBy(t => t).ToArray();
            var secondBatch = (arrivals[limit] - arrivals[0]).TotalSeconds;
            _output.WriteLine("second batch {0:0.000} s after the first", secondBatch);
            Assert.True(secondBatch >= 1.0, "the budget was exceeded: " + secondBatch);
            Assert.True(secondBatch < 1.35, "the slots came back " + secondBatch + " s after the first start: the round trip was charged");
        }

        [Fact]
        public async Task The_limiter_never_starts_more_than_its_budget_in_a_window()
        {
            var limiter = new RequestRateLimiter(20);
            var starts = new System.Collections.Concurrent.ConcurrentBag<long>();

            await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                using (await limiter.AcquireAsync(default))
                {
                    starts.Add(Stopwatch.GetTimestamp());
                }
            }));

            var sorted = starts.OrderBy(s => s).ToArray();
            for (var i = 20; i < sorted.Length; i++)
            {
                Assert.True(sorted[i] - sorted[i - 20] >= Stopwatch.Frequency, "start " + i + " came within a second of start " + (i - 20));
            }
        }

        [Fact]
        public async Task A_cancelled_waiter_gives_its_place_back()
        {
            var limiter = new RequestRateLimiter(1);
            var held = await limiter.AcquireAsync(default);
            using var cancel = new CancellationTokenSource();
            var cancelled = limiter.AcquireAsync(cancel.Token);
            var next = limiter.AcquireAsync(default);

            cancel.Cancel();
            held.Dispose();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            (await next).Dispose(); // the slot reached the next waiter a window later
        }
    }
}
