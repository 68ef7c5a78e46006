using System;

namespace Callbell.RateLimits
{
    /// <summary>
    /// What this process allows itself of an account's budget when something it cannot see (a
    /// process on another machine, another integration) spends part of it: a 429 cuts the ceiling
    /// to <see cref="Decrease"/> of itself, at most once per window (the 429s of requests that
    /// left before the cut say nothing new), and each window without a 429 adds back a twentieth of
    /// the budget (additive increase, multiplicative decrease, as TCP shares a link). Two processes
    /// that both do this settle on even shares.
    /// </summary>
    internal sealed class CongestionCeiling
    {
        public const double Decrease = 0.7;
        private const int IncreaseDivisor = 20;

        private readonly long _window;
        private double _ceiling = double.MaxValue;
        private long _cutAt = long.MinValue;
        private long _raisedAt = long.MinValue;

        public CongestionCeiling(long window)
        {
            _window = window;
        }

        /// <summary>The requests a second this process allows itself now, out of <paramref name="budget"/>.</summary>
        public double Current(int budget, long now)
        {
            if (_ceiling >= budget)
            {
                _ceiling = double.MaxValue;
                return budget;
            }

            var since = Math.Max(_cutAt, _raisedAt);
            if (now - since >= _window)
            {
                var windows = (now - since) / _window;
                _ceiling = Math.Min(budget, _ceiling + (windows * (double)budget / IncreaseDivisor));
                _raisedAt = since + (windows * _window);
            }

            return Math.Min(budget, _ceiling);
        }

        /// <summary>A request that left at <paramref name="leftAt"/> was refused with 429; true when this cut the ceiling.</summary>
        public bool Refused(int budget, long leftAt, long now)
        {
            if (leftAt < _cutAt)
            {
                return false;
            }

            _ceiling = Math.Max(1, Current(budget, now) * Decrease);
            _cutAt = now;
            return true;
        }
    }
}
