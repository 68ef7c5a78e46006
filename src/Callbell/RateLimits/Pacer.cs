using System;

namespace Callbell.RateLimits
{
    /// <summary>
    /// Spreads an account's requests evenly across the second instead of releasing a whole
    /// second's budget at once (a generic cell rate algorithm): each request moves the account's
    /// pace one interval on, and may leave once the pace is no more than a small burst ahead of
    /// now. A server that smooths with a token bucket then sees a steady stream, and a kill leaves
    /// few requests in flight. Kept in a <see cref="PaceCell"/>, so processes sharing the cell
    /// share the pace.
    /// </summary>
    internal sealed class Pacer
    {
        // A pace further ahead than this came from a clock this machine does not share (a file
        // from another boot, another time namespace): start again from now.
        private static readonly long Implausible = 3600 * BudgetClock.TicksPerSecond;

        private readonly PaceCell _cell;

        public Pacer(PaceCell cell)
        {
            _cell = cell;
        }

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
                var effective = pace - now > Implausible ? now : pace;
                if (effective - now > burst)
                {
                    wait = effective - now - burst;
                    return false;
                }

                if (_cell.CompareExchange(Math.Max(effective, now) + interval, pace) == pace)
                {
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
                    return;
                }
            }
        }

        public void Close() => _cell.Close();
    }
}
