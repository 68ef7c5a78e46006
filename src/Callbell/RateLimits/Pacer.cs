using System;

namespace Callbell.RateLimits
{
    /// <summary>
    /// Spreads an account's requests evenly across the second instead of releasing a whole
    /// second's budget at once (a generic cell rate algorithm): each request moves the account's
    /// pace one interval on, and may leave once the pace is no more than a small burst ahead of
    /// now. A server that smooths with a token bucket then sees a steady stream, and a kill leaves
    /// few requests in flight. Kept in a <see cref="PaceCell"/>, so processes sharing the cell
    /// share the pace. Called under its limiter's lock: one pacer is never used by two threads at once.
    /// </summary>
    internal sealed class Pacer
    {
        // A pace further ahead than this came from a clock this machine does not share (a file
        // from another boot, another time namespace): start again from now.
        private static readonly long Implausible = 3600 * BudgetClock.TicksPerSecond;

        // How long a move by another process counts as sharing the pace.
        private static readonly long SharedMemory = 2 * BudgetClock.TicksPerSecond;

        private readonly PaceCell _cell;

        // The pace this pacer last wrote: a cell that holds anything else was moved by another process.
        private long _wrote = long.MinValue;
        private long _sharedUntil = long.MinValue;

        public Pacer(PaceCell cell)
        {
            _cell = cell;
        }

        /// <summary>
        /// Whether another process has moved the pace in the last two seconds. Processes sharing
        /// it each keep their own slots, so only the pace bounds what they send together, and a
        /// pause in any one of them (a collection, the scheduler) bunches its arrivals. While
        /// shared, each request moves the pace a twentieth of an interval further: 0.9 of the
        /// budget instead of 0.95, room for about 100 ms of such bunching instead of 50.
        /// </summary>
        public bool IsShared(long now) => now < _sharedUntil;

        /// <summary>
        /// Takes the next moment if it has come: true, the pace moved on by <paramref name="interval"/>;
        /// false with how long until it comes. <paramref name="burst"/> is how far ahead of now the
        /// pace may run (what timer lateness needs, and a few requests' worth after an idle spell).
        /// </summary>
        public bool TryTake(long now, long interval, long burst, out long wait)
        {
            while (true)
            {
                var pace = _cell.Read();
                if (_wrote != long.MinValue && pace != _wrote)
                {
                    _sharedUntil = now + SharedMemory;
                }

                var effective = pace - now > Implausible ? now : pace;
                if (effective - now > burst)
                {
                    wait = effective - now - burst;
                    return false;
                }

                var next = Math.Max(effective, now) + interval + (IsShared(now) ? interval / 20 : 0);
                if (_cell.CompareExchange(next, pace) == pace)
                {
                    _wrote = next;
                    wait = 0;
                    return true;
                }
            }
        }

        /// <summary>Holds every request of the account (in every process sharing the cell) until <paramref name="until"/>.</summary>
        public void HoldUntil(long until)
        {
            while (true)
            {
                var pace = _cell.Read();
                if (pace >= until && pace - until <= Implausible)
                {
                    return;
                }

                if (_cell.CompareExchange(until, pace) == pace)
                {
                    _wrote = until;
                    return;
                }
            }
        }

        public void Close() => _cell.Close();
    }
}
