using System;
using System.Diagnostics;
using Callbell.Http;

namespace Callbell.Bulk
{
    /// <summary>
    /// How many items a bulk command keeps in flight. The account's budget is requests a second,
    /// so the items needed in flight grow with the round trip (300/s at 150 ms needs 45, at
    /// 300 ms 90). Starts at <see cref="Initial"/> and grows by one with each answer that came
    /// back while the budget had room and latency held; halves (once a round trip) on a 429, a
    /// 5xx or no answer. Stops growing once requests wait for the budget: more in flight would
    /// only queue. An explicit -ThrottleLimit is a fixed limit, or the cap of the adaptation.
    /// </summary>
    internal sealed class AdaptiveConcurrency
    {
        /// <summary>Where the adaptation starts.</summary>
        public const int Initial = 16;

        /// <summary>The cap without -ThrottleLimit: enough for the default budget at up to 800 ms a request.</summary>
        public const int DefaultMaximum = 256;

        private static readonly TimeSpan Queued = TimeSpan.FromMilliseconds(2);
        private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(50);

        private readonly object _gate = new object();
        private readonly bool _adaptive;
        private int _limit;
        private TimeSpan _fastest = TimeSpan.MaxValue;
        private long _holdUntil;

        private AdaptiveConcurrency(int limit, int maximum, bool adaptive)
        {
            _limit = limit;
            Maximum = maximum;
            _adaptive = adaptive;
        }

        /// <summary>The limit in force now.</summary>
        public int Limit => System.Threading.Volatile.Read(ref _limit);

        public int Maximum { get; }

        public bool IsAdaptive => _adaptive;

        /// <summary>Always <paramref name="limit"/> in flight.</summary>
        public static AdaptiveConcurrency Fixed(int limit) => new AdaptiveConcurrency(Math.Max(1, limit), Math.Max(1, limit), adaptive: false);

        /// <summary>Adapts between 1 and <paramref name="maximum"/>.</summary>
        public static AdaptiveConcurrency Adaptive(int maximum = DefaultMaximum)
        {
            maximum = Math.Max(1, maximum);
            return new AdaptiveConcurrency(Math.Min(Initial, maximum), maximum, adaptive: true);
        }

        /// <summary>Learns from one attempt's outcome. Thread-safe.</summary>
        public void Observe(RequestLogEntry attempt)
        {
            if (!_adaptive)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (attempt.StatusCode == 429 || attempt.StatusCode >= 500 || (attempt.StatusCode is null && attempt.Failure != null))
                {
                    // Answers of requests already in flight say nothing new: back off once a round trip.
                    if (now >= _holdUntil)
                    {
                        _limit = Math.Max(1, _limit / 2);
                        var roundTrip = _fastest == TimeSpan.MaxValue ? TimeSpan.Zero : _fastest;
                        _holdUntil = now + (long)(Math.Max(roundTrip.TotalSeconds * 2, 0.2) * Stopwatch.Frequency);
                    }

                    return;
                }

                if (attempt.Elapsed < _fastest)
                {
                    _fastest = attempt.Elapsed;
                }

                if (now < _holdUntil || attempt.RateWait >= Queued || attempt.Elapsed > _fastest + _fastest + Jitter)
                {
                    // Recovering from a back-off; or the budget is what holds requests back; or
                    // answers slow down (the server queues): more in flight would not help.
                    return;
                }

                if (_limit < Maximum)
                {
                    _limit++;
                }
            }
        }
    }
}
