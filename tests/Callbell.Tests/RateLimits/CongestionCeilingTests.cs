using Callbell.RateLimits;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    public sealed class CongestionCeilingTests
    {
        private const long Window = 1_000;
        private const long LongBusy = -10 * Window;

        [Fact]
        public void A_429_cuts_the_ceiling_to_just_under_what_the_process_had_sent_in_the_full_window()
        {
            var ceiling = new CongestionCeiling(Window);
            Assert.Equal(300, ceiling.Current(300, 0));

            Assert.True(ceiling.Refused(300, leftAt: 10, now: 100, sentInWindow: 140, busySince: LongBusy));
            Assert.Equal(140 * CongestionCeiling.Margin, ceiling.Current(300, 100), 3);

            // Requests that left before the cut were sent at the old rate: their 429s are old news.
            Assert.False(ceiling.Refused(300, leftAt: 90, now: 150, sentInWindow: 140, busySince: LongBusy));
            Assert.Equal(133, ceiling.Current(300, 150), 3);

            // One that left after the cut was refused at the new rate: cut again.
            Assert.True(ceiling.Refused(300, leftAt: 120, now: 200, sentInWindow: 100, busySince: LongBusy));
            Assert.Equal(95, ceiling.Current(300, 200), 3);
        }

        [Fact]
        public void The_ceiling_holds_for_the_plateau_then_probes_faster_and_faster_back_to_the_budget()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, leftAt: 0, now: 0, sentInWindow: 100, busySince: LongBusy);
            var plateauEnd = CongestionCeiling.PlateauWindows * Window;

            Assert.Equal(95, ceiling.Current(300, plateauEnd - 1), 3);
            Assert.Equal(95, ceiling.Current(300, plateauEnd), 3);
            Assert.Equal(96, ceiling.Current(300, plateauEnd + (2 * Window)), 3); // + 300/300 * (2^1 - 1)
            Assert.Equal(98, ceiling.Current(300, plateauEnd + (4 * Window)), 3); // + 3
            Assert.Equal(110, ceiling.Current(300, plateauEnd + (8 * Window)), 3); // + 15
            Assert.Equal(300, ceiling.Current(300, plateauEnd + (16 * Window)), 3); // + 255: the budget, and it stays there
            Assert.Equal(300, ceiling.Current(300, plateauEnd + (100 * Window)), 3);
        }

        [Fact]
        public void A_process_busy_for_less_than_a_window_claims_half_the_budget_whatever_it_had_sent()
        {
            var ceiling = new CongestionCeiling(Window);
            Assert.True(ceiling.Refused(300, leftAt: 5_000, now: 5_050, sentInWindow: 12, busySince: 4_900));
            Assert.Equal(150 * CongestionCeiling.Margin, ceiling.Current(300, 5_050), 3);
        }

        [Fact]
        public void After_a_pause_a_share_is_measured_over_the_time_since_and_cut_at_most_to_four_fifths()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, leftAt: 0, now: 100, sentInWindow: 150, busySince: LongBusy);
            Assert.Equal(142.5, ceiling.Current(300, 100), 3);

            // 70 sent in the half window since the pause: a share of 140.
            Assert.True(ceiling.Refused(300, leftAt: 1_600, now: 1_700, sentInWindow: 70, busySince: 1_100));
            Assert.Equal(140 * CongestionCeiling.Margin, ceiling.Current(300, 1_700), 3);

            // 10 sent in the half window since the next pause would measure 20: the cut stops at four fifths.
            Assert.True(ceiling.Refused(300, leftAt: 3_300, now: 3_400, sentInWindow: 10, busySince: 2_800));
            Assert.Equal(133 * CongestionCeiling.Decrease, ceiling.Current(300, 3_400), 3);
        }

        [Fact]
        public void A_process_that_had_more_than_half_the_budget_gives_back_half_its_excess()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, leftAt: 0, now: 1, sentInWindow: 290, busySince: LongBusy);
            Assert.Equal((150 + 70) * CongestionCeiling.Margin, ceiling.Current(300, 1), 3);
        }

        [Fact]
        public void A_process_keeps_a_tenth_of_the_budget_however_little_it_had_sent()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, leftAt: 0, now: 1, sentInWindow: 3, busySince: LongBusy);
            Assert.Equal(30, ceiling.Current(300, 1), 3);

            // A cut never raises the ceiling, and it never goes under one request a second.
            ceiling.Refused(300, leftAt: 5, now: 6, sentInWindow: 200, busySince: LongBusy);
            Assert.Equal(30, ceiling.Current(300, 6), 3);
            var tiny = new CongestionCeiling(Window);
            tiny.Refused(5, leftAt: 0, now: 1, sentInWindow: 0, busySince: LongBusy);
            Assert.Equal(1, tiny.Current(5, 1), 3);
        }

        [Fact]
        public void A_budget_lowered_below_the_ceiling_wins()
        {
            var ceiling = new CongestionCeiling(Window);
            ceiling.Refused(300, 0, 1, sentInWindow: 280, busySince: LongBusy);
            Assert.Equal(50, ceiling.Current(50, 2), 3);
        }
    }
}
