using Callbell.RateLimits;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    /// <summary>The pace: one interval a request alone, a twentieth more while another process moves it too.</summary>
    public sealed class PacerTests
    {
        private const long Interval = 1000;
        private const long Burst = 1_000_000;

        [Fact]
        public void Alone_each_request_moves_the_pace_one_interval()
        {
            var cell = new PaceCell();
            var pacer = new Pacer(cell);

            for (var i = 0; i < 10; i++)
            {
                Assert.True(pacer.TryTake(0, Interval, Burst, out _));
            }

            Assert.Equal(10 * Interval, cell.Read());
            Assert.False(pacer.IsShared(0));
        }

        [Fact]
        public void Once_another_process_moves_the_pace_each_request_moves_it_a_twentieth_further_until_two_quiet_seconds_pass()
        {
            var cell = new PaceCell();
            var ours = new Pacer(cell);
            var theirs = new Pacer(cell);
            Assert.True(ours.TryTake(0, Interval, Burst, out _));

            Assert.True(theirs.TryTake(0, Interval, Burst, out _));
            var before = cell.Read();
            Assert.True(ours.TryTake(0, Interval, Burst, out _));

            Assert.True(ours.IsShared(0));
            Assert.Equal(before + Interval + (Interval / 20), cell.Read());

            var later = 2 * BudgetClock.TicksPerSecond;
            var quiet = cell.Read() > later ? cell.Read() : later;
            Assert.True(ours.TryTake(later, Interval, Burst, out _));
            Assert.False(ours.IsShared(later));
            Assert.Equal(quiet + Interval, cell.Read());
        }
    }
}
