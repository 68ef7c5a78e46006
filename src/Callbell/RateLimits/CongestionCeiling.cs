using System;

namespace Callbell.RateLimits
{
    /// <summary>
    /// What this process allows itself of an account's budget when something it cannot see (a
    /// process on another machine, another integration) spends part of it. The server's 429 says
    /// when the account's window was full; what this process had sent in the window before the
    /// refused request is then its share of that full window. The ceiling drops to a little under
    /// that share (<see cref="Margin"/>) and stays there for a few windows; then it probes upward,
    /// slowly at first and faster the longer no 429 comes, until it is back at the whole budget.
    /// <para>
    /// Each 429 holds the process for a whole second (Retry-After is in seconds), so what matters
    /// is how rarely they come: an increase of a twentieth of the budget a window after every cut
    /// (plain AIMD) found the limit again within three seconds and spent a third of the time on
    /// holds. Fairness comes from the probe, which adds the same to every process whatever its
    /// share, and from a share over half the budget giving back half its excess: a process that
    /// had the account to itself makes room for one that joins once it meets a 429 (against the
    /// sandbox, at once: the newcomer, claiming half, fills the window). The price of rare 429s is
    /// a slow return: a process whose neighbour has finished is back at the whole budget only
    /// about 25 windows after its last 429.
    /// </para>
    /// </summary>
    internal sealed class CongestionCeiling
    {
        /// <summary>The ceiling after a 429, as a share of what this process had sent in the full window.</summary>
        public const double Margin = 0.95;

        /// <summary>The cut when the window before the 429 measures no share (it holds a pause).</summary>
        public const double Decrease = 0.8;

        /// <summary>Windows at the new ceiling before probing above it.</summary>
        public const int PlateauWindows = 8;

        /// <summary>
        /// Two windows into the probe the ceiling is up by this fraction of the budget, and the
        /// increase doubles every two windows after: a process whose neighbour has finished is
        /// back at the whole budget about 25 windows after its last 429.
        /// </summary>
        public const int ProbeDivisor = 300;

        // However little this process had sent when the 429 came (it may have just started), it
        // keeps a tenth of the budget: a share is measured, not a process starved.
        private const int FloorDivisor = 10;

        private readonly long _window;
        private double _target = double.MaxValue;
        private long _cutAt = long.MinValue;

        public CongestionCeiling(long window)
        {
            _window = window;
        }

        /// <summary>The requests a second this process allows itself now, out of <paramref name="budget"/>.</summary>
        public double Current(int budget, long now)
        {
            if (_target >= budget)
            {
                _target = double.MaxValue;
                return budget;
            }

            // Windows since the plateau ended.
            var probing = ((now - _cutAt) / (double)_window) - PlateauWindows;
            var ceiling = probing <= 0 ? _target : _target + ((double)budget / ProbeDivisor * (Math.Pow(2, probing / 2) - 1));
            if (ceiling >= budget)
            {
                _target = double.MaxValue;
                return budget;
            }

            return ceiling;
        }

        /// <summary>
        /// A request that left at <paramref name="leftAt"/> was refused with 429, when this process
        /// had been sending without a pause since <paramref name="busySince"/> and had sent
        /// <paramref name="sentInWindow"/> in the window before it (since the pause, if that is
        /// later); true when this cut the ceiling. The 429s of requests that left before an
        /// earlier cut say nothing new.
        /// </summary>
        public bool Refused(int budget, long leftAt, long now, int sentInWindow, long busySince)
        {
            if (leftAt < _cutAt)
            {
                return false;
            }

            var current = Current(budget, now);
            double target;
            if (leftAt - busySince >= _window)
            {
                target = Math.Max((double)budget / FloorDivisor, Yielding(sentInWindow, budget) * Margin);
            }
            else if (_cutAt == long.MinValue)
            {
                // Busy for less than a window, for the first time: what it sent is no measure of
                // its share (the others had the window to themselves before it started), so it
                // claims half the budget, enough for the others to meet 429s of their own.
                target = budget / 2.0 * Margin;
            }
            else
            {
                // Busy for less than a window since a pause: what it sent since, over that time,
                // is the measure, but the cut is at least the plain multiplicative one, which
                // converges however many processes share the account.
                var rate = Math.Min(budget, sentInWindow * (double)_window / Math.Max(1, leftAt - busySince));
                target = Math.Min(current * Margin, Math.Max(current * Decrease, Yielding(rate, budget) * Margin));
            }

            _target = Math.Max(1, Math.Min(current, target));
            _cutAt = now;
            return true;
        }

        /// <summary>A share over half the budget gives back half of what it has over half.</summary>
        private static double Yielding(double share, int budget)
        {
            var half = budget / 2.0;
            return share > half ? half + ((share - half) / 2) : share;
        }
    }
}
