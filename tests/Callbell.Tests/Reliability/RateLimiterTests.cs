using System;
using System.Diagnostics;
using System.Linq;
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
            var first = new CallbellClient(SandboxConnections.Connect(sandbox));
            var second = new CallbellClient(SandboxConnections.Connect(sandbox));

            var limited = first.Contacts.GetPageAsync(new ContactQuery(), 1);
            while (sandbox.Journal.Count == 0)
            {
                await Task.Delay(5);
            }

            await Task.Delay(100); // the 429 has been answered and read
            await second.Contacts.GetPageAsync(new ContactQuery(), 2);
            await limited;

            var requests = sandbox.Journal.Requests;
            var rateLimited = requests.Single(r => r.Fault == FaultKind.RateLimit);
            var secondCaller = requests.Single(r => r.Page == 2);
            Assert.True(secondCaller.ReceivedAt - rateLimited.ReceivedAt >= TimeSpan.FromSeconds(1.8), "the other caller went ahead after " + (secondCaller.ReceivedAt - rateLimited.ReceivedAt));
        }

        [Fact]
        public async Task The_limiter_never_starts_more_than_its_budget_in_a_window()
        {
            var limiter = new RequestRateLimiter(20);
            var starts = new System.Collections.Concurrent.ConcurrentBag<long>();

            await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                await limiter.WaitAsync(default);
                starts.Add(Stopwatch.GetTimestamp());
            }));

            var sorted = starts.OrderBy(s => s).ToArray();
            for (var i = 20; i < sorted.Length; i++)
            {
                Assert.True(sorted[i] - sorted[i - 20] >= Stopwatch.Frequency, "start " + i + " came within a second of start " + (i - 20));
            }
        }
    }
}
