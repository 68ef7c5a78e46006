using System.Diagnostics;

namespace Callbell.RateLimits
{
    /// <summary>
    /// The time the budget is kept in: the machine's monotonic clock in 100 ns ticks. Monotonic so
    /// that a clock adjustment cannot release a burst; in fixed units because the pace of an
    /// account is shared with other processes through a file, and Stopwatch ticks differ between
    /// runtimes (nanoseconds on Linux, QPC counts on Windows), while the clock behind them does not.
    /// </summary>
    internal static class BudgetClock
    {
        public const long TicksPerSecond = 10_000_000;

        /// <summary>Now, in ticks of 100 ns since an arbitrary start that every process of the machine shares.</summary>
        public static long Now => ToTicks(Stopwatch.GetTimestamp());

        /// <summary>A Stopwatch timestamp in budget ticks, without overflowing for a machine that has been up for years.</summary>
        public static long ToTicks(long timestamp)
        {
            var frequency = Stopwatch.Frequency;
            var seconds = timestamp / frequency;
            var rest = timestamp % frequency;
            return (seconds * TicksPerSecond) + (rest * TicksPerSecond / frequency);
        }

        public static long FromMilliseconds(double milliseconds) => (long)(milliseconds * (TicksPerSecond / 1000));

        /// <summary>Whole milliseconds until <paramref name="ticks"/> from now have passed, rounded up, for a timer.</summary>
        public static long ToTimerMilliseconds(long ticks) => ticks <= 0 ? 0 : (ticks + 9_999) / 10_000;
    }
}
