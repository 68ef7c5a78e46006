using System.Collections.Generic;

namespace Callbell.RateLimits
{
    /// <summary>
    /// What this process has sent lately, so that a 429 can tell <see cref="CongestionCeiling"/>
    /// its share of the account: the requests let go in the window before the refused one, counted
    /// from when the process last started sending without a pause. Keeps two windows of departures.
    /// Not thread-safe: the limiter calls it under its gate.
    /// </summary>
    internal sealed class ShareMeter
    {
        private readonly long _window;
        private readonly Queue<long> _departures = new Queue<long>();
        private long _last;

        public ShareMeter(long window)
        {
            _window = window;
        }

        /// <summary>Since when this process has been sending without a pause of a window or more.</summary>
        public long BusySince { get; private set; }

        /// <summary>A request was let go at <paramref name="at"/>.</summary>
        public void Departed(long at)
        {
            if (_departures.Count == 0 || _last < at - _window)
            {
                BusySince = at;
            }

            _last = at;
            while (_departures.Count > 0 && _departures.Peek() < at - (2 * _window))
            {
                _departures.Dequeue();
            }

            _departures.Enqueue(at);
        }

        /// <summary>A 429 holds every request until <paramref name="resume"/>: a window that holds the pause measures the pause, not a share.</summary>
        public void PausedUntil(long resume)
        {
            if (resume > BusySince)
            {
                BusySince = resume;
            }
        }

        /// <summary>The requests let go in the window before <paramref name="leftAt"/>, since <see cref="BusySince"/>.</summary>
        public int SentBefore(long leftAt)
        {
            var from = leftAt - _window > BusySince ? leftAt - _window : BusySince;
            var count = 0;
            foreach (var at in _departures)
            {
                if (at >= from && at < leftAt)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
