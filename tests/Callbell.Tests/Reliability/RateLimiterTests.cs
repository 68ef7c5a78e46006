using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Http;
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

            Assert.True(sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1)) <= 15);
        }

        [Fact]
        public async Task The_budget_holds_at_the_server_and_is_used_to_at_least_95_percent()
        {
            const int limit = 50;
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 20, PageSize = 20 });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.RequestsPerSecond = limit));

            // Eight workers keep requests waiting at all times, as a pipeline with a throttle would.
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= limit * 4)
                {
                    await client.Contacts.GetPageAsync(new ContactQuery(), 1);
                }
            }));

            var arrivals = sandbox.Journal.Requests.Select(r => r.ReceivedAt).OrderBy(t => t).ToArray();
            var peak = sandbox.Journal.PeakRequestsPer(TimeSpan.FromSeconds(1));

            // The first budget goes at once; the rest is paced: (n - budget) requests over the span.
            var sustained = (arrivals.Length - limit) / (arrivals[arrivals.Length - 1] - arrivals[0]).TotalSeconds;
            _output.WriteLine("{0} requests, busiest second {1}, sustained {2:n1}/s (budget {3})", arrivals.Length, peak, sustained, limit);
            Assert.True(peak <= limit, "the server saw " + peak + " requests in one second");
            Assert.True(sustained >= limit * 0.95, "sustained only " + sustained + " requests a second");
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
