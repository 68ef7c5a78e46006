using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.RateLimits;
using Callbell.Sandbox.Journal;
using Callbell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Callbell.Tests.RateLimits
{
    /// <summary>The limiter itself: pacing, fairness, the ceiling, account keys, and the window after the last connection.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class RequestRateLimiterTests
    {
        private static readonly long Tenth = BudgetClock.TicksPerSecond / 10;
        private readonly ITestOutputHelper _output;

        public RequestRateLimiterTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Requests_leave_evenly_across_the_second_not_a_second_s_budget_at_once()
        {
            var limiter = new RequestRateLimiter(300);

            var starts = await Hammer(limiter, new object(), requests: 900, workers: 128);

            var busiestTenth = RequestJournal.Busiest(starts, Tenth);
            var busiestSecond = RequestJournal.Busiest(starts, BudgetClock.TicksPerSecond);
            _output.WriteLine("busiest 100 ms: {0}; busiest second: {1}", busiestTenth, busiestSecond);
            Assert.True(busiestTenth <= 60, busiestTenth + " requests left within 100 ms (even share 30)");
            Assert.True(busiestSecond <= 300, busiestSecond + " requests left within one second");
        }

        [Fact]
        public async Task A_sequential_walk_next_to_a_wide_bulk_run_is_served_every_other_turn()
        {
            // 30 a second: a turn every 35 ms, far longer than the walk takes to ask again, so
            // the count depends on the turns, not on how fast this machine schedules threads.
            var limiter = new RequestRateLimiter(30);
            object bulk = new object(), walk = new object();
            var bulkGranted = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var endBulk = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);

            // A wide run's requests wait at once, more than the walk will see served.
            var wide = Enumerable.Range(0, 80).Select(async _ =>
            {
                try
                {
                    using (await limiter.AcquireAsync(bulk, endBulk.Token))
                    {
                        Interlocked.Increment(ref bulkGranted);
                    }
                }
                catch (OperationCanceledException) when (endBulk.IsCancellationRequested)
                {
                }
            }).ToArray();

            // Meanwhile another command walks 15 pages, one request after the other.
            for (var page = 0; page < 15; page++)
            {
                using (await limiter.AcquireAsync(walk, stop.Token))
                {
                }
            }

            var before = Volatile.Read(ref bulkGranted);
            endBulk.Cancel();
            await Task.WhenAll(wide);
            _output.WriteLine("the walk's 15 requests were served while the bulk run got {0}", before);
            Assert.True(before <= 15 + 3, "the walk waited behind " + before + " of the bulk run's requests");
        }

        [Fact]
        public async Task A_429_holds_the_account_for_its_retry_after_and_lowers_the_ceiling()
        {
            var limiter = new RequestRateLimiter(300);
            var lease = await limiter.AcquireAsync(default);
            lease.Dispose();

            limiter.Refused(lease.StartedAt, TimeSpan.FromMilliseconds(600));
            var refusedAt = BudgetClock.Now;
            using (var next = await limiter.AcquireAsync(default))
            {
                Assert.True(next.StartedAt - refusedAt >= BudgetClock.FromMilliseconds(590), "left " + ((next.StartedAt - refusedAt) / 10_000) + " ms after the 429");
            }

            // One request is no measure of a share: a process that has just started claims half.
            Assert.Equal(300 / 2.0 * CongestionCeiling.Margin, limiter.Ceiling, 0);
        }

        [Fact]
        public async Task Two_processes_on_one_account_share_one_pace_through_the_account_file()
        {
            var account = "https://api.callbell.example token " + Guid.NewGuid().ToString("N");
            var first = new RequestRateLimiter(300, SharedPaceCell.TryOpen(account) ?? throw new InvalidOperationException("no pace file"), account);
            var second = new RequestRateLimiter(300, SharedPaceCell.TryOpen(account) ?? throw new InvalidOperationException("no pace file"), account);
            try
            {
                var both = await Task.WhenAll(Hammer(first, new object(), 450, 64), Hammer(second, new object(), 450, 64));

                var all = both[0].Concat(both[1]).OrderBy(t => t).ToList();
                var busiest = RequestJournal.Busiest(all, BudgetClock.TicksPerSecond);
                var overlapEnds = Math.Min(both[0].Max(), both[1].Max());
                var firstShare = (double)both[0].Count(t => t <= overlapEnds) / all.Count(t => t <= overlapEnds);
                _output.WriteLine("busiest second of both: {0}; first's share while both ran: {1:P0}", busiest, firstShare);
                Assert.True(busiest <= 300, "together they started " + busiest + " requests within one second");
                Assert.InRange(firstShare, 0.3, 0.7);
            }
            finally
            {
                first.Retire();
                second.Retire();
            }
        }

        [Fact]
        public void Tokens_of_one_account_share_a_limiter_once_auth_me_has_named_it()
        {
            var baseUri = new Uri("https://api.callbell.example/v1/");
            using var one = new CallbellConnection(new CallbellConnectionOptions { BaseUri = baseUri, Token = ApiToken.Parse("test_accountkeyone000000001") });
            using var two = new CallbellConnection(new CallbellConnectionOptions { BaseUri = baseUri, Token = ApiToken.Parse("test_accountkeytwo000000002") });
            using var elsewhere = new CallbellConnection(new CallbellConnectionOptions { BaseUri = new Uri("https://eu.callbell.example/v1/"), Token = ApiToken.Parse("test_accountkeyone000000001") });
            using var other = new CallbellConnection(new CallbellConnectionOptions { BaseUri = baseUri, Token = ApiToken.Parse("test_accountkeythree0000003") });
            Assert.NotSame(one.Limiter, two.Limiter);
            var byToken = one.Limiter;

            one.IdentifyAccount("Ops@Example.com");
            two.IdentifyAccount("ops@example.com ");
            elsewhere.IdentifyAccount("ops@example.com");
            other.IdentifyAccount("someone.else@example.com");

            Assert.Same(one.Limiter, two.Limiter);
            Assert.NotSame(one.Limiter, elsewhere.Limiter);
            Assert.NotSame(one.Limiter, other.Limiter);
            Assert.Equal(0, byToken.References);
            Assert.Equal(2, one.Limiter.References);
        }

        [Fact]
        public async Task A_connection_made_just_after_the_last_one_closed_finds_the_budget_still_spent()
        {
            var options = new CallbellConnectionOptions { BaseUri = new Uri("https://api.callbell.example/v1/"), Token = ApiToken.Parse("test_windowafterrelease" + Guid.NewGuid().ToString("N").Substring(0, 8)), RequestsPerSecond = 5 };
            var first = new CallbellConnection(options);
            var limiter = first.Limiter;
            for (var i = 0; i < 5; i++)
            {
                (await limiter.AcquireAsync(default)).Dispose();
            }

            first.Dispose();
            using var second = new CallbellConnection(options);

            Assert.Same(limiter, second.Limiter);
            Assert.Equal(0, second.Limiter.FreeSlots);
            Assert.False(limiter.Retired.IsCompleted);
        }

        private static async Task<List<long>> Hammer(RequestRateLimiter limiter, object flow, int requests, int workers)
        {
            var starts = new ConcurrentQueue<long>();
            var left = requests;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                while (Interlocked.Decrement(ref left) >= 0)
                {
                    using (var lease = await limiter.AcquireAsync(flow, bound.Token))
                    {
                        starts.Enqueue(lease.StartedAt);
                    }
                }
            }));
            return starts.OrderBy(t => t).ToList();
        }
    }
}
