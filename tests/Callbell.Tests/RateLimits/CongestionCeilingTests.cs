using Callbell.RateLimits;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    public sealed class CongestionCeilingTests
    {
        private const long Window = 1_000;

        [Fact]
        public void A_429_cuts_the_ceiling_once_per_window_and_windows_without_one_add_back_a_twentieth()
        {
            var ceiling = new CongestionCeiling(Window);
            Assert.Equal(300, ceiling.Current(300, 0));

            Assert.True(ceiling.Refused(300, leftAt: 10, now: 100));
            Assert.Equal(210, ceiling.Current(300, 100), 3);

            // Requests that left before the cut were sent at the old rate: their 429s are old news.
            Assert.False(ceiling.Refused(300, leftAt: 90, now: 150));
            Assert.Equal(210, ceiling.Current(300, 150), 3);

            // One that left after the cut was refused at the new rate: cut again.
            Assert.True(ceiling.Refused(300, leftAt: 120, now: 200));
            Assert.Equal(147, ceiling.Current(300, 200), 3);

            Assert.Equal(147, ceiling.Current(300, 200 + Window - 1), 3);
            Assert.Equal(162, ceiling.Current(300, 200 + Window), 3);
            Assert.Equal(192, ceiling.Current(300, 200 + (3 * Window)), 3);
            Assert.Equal(300, ceiling.Current(300, 200 + (20 * Window)), 3);
        }

        [Fact]
        public void The_ceiling_never_goes_under_one_request_a_second()
        {
            var ceiling = new CongestionCeiling(Window);
            for (var i = 0; i < 40; i++)
            {
                ceiling.Refused(300, leftAt: i * 10, now: (i * 10) + 5);
            }

            Assert.Equal(1, ceiling.Current(300, 400), 3);
        }

        [Fact]
        public void A_budget_lowered_below_the_ceiling_wins()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, 0, 1);
            Assert.Equal(50, ceiling.Current(50, 2), 3);
        }
    }
}
