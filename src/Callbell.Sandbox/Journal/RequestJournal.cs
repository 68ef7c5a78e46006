using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Callbell.Sandbox.Faults;
using Callbell.Sandbox.Http;

namespace Callbell.Sandbox.Journal
{
    /// <summary>
    /// What the sandbox saw: each request (when recording), how many were in flight at once, the
    /// busiest one-second window, and how many faults of each kind it injected.
    /// </summary>
    public sealed class RequestJournal
    {
        private readonly bool _record;
        private readonly object _gate = new object();
        private readonly List<long> _arrivals = new List<long>();
        private ConcurrentQueue<RecordedRequest> _requests = new ConcurrentQueue<RecordedRequest>();
        private readonly ConcurrentDictionary<FaultKind, int> _faults = new ConcurrentDictionary<FaultKind, int>();
        private int _inFlight;
        private int _peakInFlight;
        private long _count;
        private long _overBudget;

        internal RequestJournal(bool record)
        {
            _record = record;
        }

        public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

        public long Count => Interlocked.Read(ref _count);

        /// <summary>The requests (when recording) that the sandbox acted on: see <see cref="RecordedRequest.Acted"/>.</summary>
        public IReadOnlyList<RecordedRequest> Acted => _requests.Where(r => r.Acted).ToArray();

        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>The most requests the sandbox was answering at the same moment.</summary>
        public int PeakInFlight => Volatile.Read(ref _peakInFlight);

        public IReadOnlyDictionary<FaultKind, int> FaultsInjected => new Dictionary<FaultKind, int>(_faults);

        public int TotalFaultsInjected => _faults.Values.Sum();

        /// <summary>Requests refused with 429 because the account's rate limit was exceeded (not injected faults).</summary>
        public long RateLimited => Interlocked.Read(ref _overBudget);

        /// <summary>The largest number of requests that arrived within any window of <paramref name="window"/>.</summary>
        public int PeakRequestsPer(TimeSpan window)
        {
            long[] arrivals;
            lock (_gate)
            {
                arrivals = _arrivals.ToArray();
            }

            Array.Sort(arrivals);
            return Busiest(arrivals, (long)(window.TotalSeconds * Stopwatch.Frequency));
        }

        /// <summary>The most of <paramref name="sorted"/> times that fall within any <paramref name="span"/> (a sliding window, as a rate limit counts).</summary>
        public static int Busiest(IReadOnlyList<long> sorted, long span)
        {
            var peak = 0;
            var start = 0;
            for (var end = 0; end < sorted.Count; end++)
            {
                while (sorted[end] - sorted[start] >= span)
                {
                    start++;
                }

                peak = Math.Max(peak, end - start + 1);
            }

            return peak;
        }

        public void Reset()
        {
            lock (_gate)
            {
                _arrivals.Clear();
            }

            _requests = new ConcurrentQueue<RecordedRequest>();
            _faults.Clear();
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _overBudget, 0);
            Volatile.Write(ref _peakInFlight, Volatile.Read(ref _inFlight));
        }

        internal RecordedRequest Begin(SandboxRequest request)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                _arrivals.Add(now);
            }

            Interlocked.Increment(ref _count);
            var inFlight = Interlocked.Increment(ref _inFlight);
            int peak;
            while (inFlight > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
            {
            }

            var recorded = new RecordedRequest(request.Method, request.Target, request.Path, request.Query, request.Headers, request.Body, request.Page, DateTimeOffset.UtcNow);
            if (_record)
            {
                _requests.Enqueue(recorded);
            }

            return recorded;
        }

        internal void Faulted(RecordedRequest request, FaultKind kind)
        {
            request.Fault = kind;
            _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }

        internal void OverBudget(RecordedRequest request)
        {
            request.OverBudget = true;
            Interlocked.Increment(ref _overBudget);
        }

        internal void End() => Interlocked.Decrement(ref _inFlight);
    }
}
