using Callbell.RateLimits;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    /// <summary>What a 429 learns of this process's share: the window before the refused request, since the last pause.</summary>
    public sealed class ShareMeterTests
    {
        private const long Window = 1_000;

        [Fact]
        public void Counts_the_requests_let_go_in_the_window_before_the_refused_one()
        {
            var meter = new ShareMeter(Window);
            for (long at = 0; at < 3_000; at += 10)
            {
                meter.Departed(at);
            }

            Assert.Equal(0, meter.BusySince);
            Assert.Equal(100, meter.SentBefore(2_500)); // 1,500 to 2,490, not the refused one itself
            Assert.Equal(100, meter.SentBefore(3_000));
        }

        [Fact]
        public void A_gap_of_a_window_or_more_starts_a_new_busy_spell_and_the_count_starts_with_it()
        {
            var meter = new ShareMeter(Window);
            meter.Departed(0);
            meter.Departed(900); // a gap under a window: the same spell
            Assert.Equal(0, meter.BusySince);

            meter.Departed(2_000); // a gap over a window: a pause
            meter.Departed(2_100);
            Assert.Equal(2_000, meter.BusySince);
            Assert.Equal(2, meter.SentBefore(2_500)); // from 2,000, where the spell began, not from 1,500
        }

        [Fact]
        public void A_429_pause_moves_the_start_of_the_spell_to_its_end()
        {
            var meter = new ShareMeter(Window);
            for (long at = 0; at < 2_000; at += 10)
            {
                meter.Departed(at);
            }

            meter.PausedUntil(2_000);
            meter.Departed(2_000);
            meter.Departed(2_010);

            Assert.Equal(2_000, meter.BusySince);
            Assert.Equal(2, meter.SentBefore(2_500)); // the 50 let go from 1,500 to the pause measure the pause, not a share

            meter.PausedUntil(1_500); // an earlier end changes nothing
            Assert.Equal(2_000, meter.BusySince);
        }
    }
}
