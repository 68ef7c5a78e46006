using System;
using Callbell.Bulk;
using Callbell.Http;
using Xunit;

namespace Callbell.Tests.Bulk
{
    /// <summary>How many items a bulk command keeps in flight, learnt from each attempt.</summary>
    public sealed class AdaptiveConcurrencyTests
    {
        private static readonly Uri Somewhere = new Uri("http://127.0.0.1/v1/contacts");

        [Fact]
        public void Grows_by_one_per_answer_while_the_budget_has_room_and_latency_holds_up_to_its_cap()
        {
            var concurrency = AdaptiveConcurrency.Adaptive(20);
            Assert.Equal(AdaptiveConcurrency.Initial, concurrency.Limit);

            for (var i = 0; i < 10; i++)
            {
                concurrency.Observe(Answer(150));
            }

            Assert.Equal(20, concurrency.Limit);
        }

        [Fact]
        public void Holds_once_requests_wait_for_the_budget_or_answers_slow_down()
        {
            var concurrency = AdaptiveConcurrency.Adaptive();
            concurrency.Observe(Answer(150));
            var grown = concurrency.Limit;

            concurrency.Observe(Answer(150, rateWaitMs: 40)); // the budget is the bottleneck
            concurrency.Observe(Answer(900));                 // the server queues

            Assert.Equal(grown, concurrency.Limit);
        }

        [Fact]
        public void Halves_on_a_429_or_a_5xx_once_a_round_trip_not_once_per_answer()
        {
            var concurrency = AdaptiveConcurrency.Adaptive();
            concurrency.Observe(Answer(150));
            var before = concurrency.Limit;

            concurrency.Observe(Answer(150, status: 429));
            concurrency.Observe(Answer(150, status: 503)); // the same burst: already backed off
            concurrency.Observe(Answer(150));              // recovering: no growth yet

            Assert.Equal(before / 2, concurrency.Limit);
        }

        [Fact]
        public void A_fixed_limit_never_moves()
        {
            var concurrency = AdaptiveConcurrency.Fixed(3);

            concurrency.Observe(Answer(10));
            concurrency.Observe(Answer(10, status: 429));

            Assert.Equal(3, concurrency.Limit);
        }

        private static RequestLogEntry Answer(int elapsedMs, int status = 200, int rateWaitMs = 0) =>
            new RequestLogEntry("GET", Somewhere, status, TimeSpan.FromMilliseconds(elapsedMs), 1, 5, null, null) { RateWait = TimeSpan.FromMilliseconds(rateWaitMs) };
    }
}
