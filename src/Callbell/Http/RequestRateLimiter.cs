using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http
{
    /// <summary>
    /// Keeps one account under its requests-per-second budget across every connection, runspace
    /// and thread of the process. The budget is N slots. A request takes a slot when it starts;
    /// the slot comes free one window after that start plus the request's delay beyond the
    /// fastest round trip seen. Why: the server counts arrivals, and a request arrives after its
    /// start by its outbound delay, which is at most its round trip less the fastest return leg.
    /// Two requests on one slot therefore arrive at least a second apart however their delays
    /// differ, while a steady round trip is not charged at all: the rate a caller reaches depends
    /// on how many requests it keeps in flight, not on the latency. The window is one second
    /// plus <see cref="Allowance"/> (timer granularity, clock reads). Until a round trip is
    /// known, a request is charged its whole round trip (a cold connection is slow to set up).
    /// A 429 pauses every caller: a slot's holder waits out the pause before it sends.
    /// </summary>
    internal sealed class RequestRateLimiter
    {
        /// <summary>Added to the one-second window for what the clocks and timers of either side cannot see.</summary>
        public static readonly TimeSpan Allowance = TimeSpan.FromMilliseconds(50);

        // The fastest round trip of the last few seconds (two periods): long enough to span the
        // two requests that share a slot a second apart, short enough that a path that became
        // slower for good is not charged its new latency for long.
        private static readonly long FastestPeriod = 3 * Stopwatch.Frequency / 2;

        private static readonly Dictionary<(string Authority, ApiToken Token), RequestRateLimiter> Shared =
            new Dictionary<(string Authority, ApiToken Token), RequestRateLimiter>();

        private static readonly long WindowTicks = Stopwatch.Frequency + (long)(Allowance.TotalSeconds * Stopwatch.Frequency);

        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly List<long> _returns = new List<long>(); // due times, sorted
        private readonly List<int> _budgets = new List<int>();
        private readonly Timer _timer;
        private readonly (string, ApiToken)? _key;
        private int _free;
        private int _retire;
        private long _pausedUntil;
        private long _fastest = long.MaxValue;
        private long _fastestBefore = long.MaxValue;
        private long _fastestSince = Stopwatch.GetTimestamp();

        public RequestRateLimiter(int requestsPerSecond)
            : this(requestsPerSecond, null)
        {
        }

        private RequestRateLimiter(int requestsPerSecond, (string, ApiToken)? key)
        {
            if (requestsPerSecond < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "The budget must be at least 1 request a second.");
            }

            RequestsPerSecond = requestsPerSecond;
            _free = requestsPerSecond;
            _key = key;
            _timer = new Timer(_ => ReturnDue(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>The budget in force: the smallest any live connection to the account asked for.</summary>
        public int RequestsPerSecond { get; private set; }

        /// <summary>How many limiters the process holds (one per account in use).</summary>
        internal static int SharedCount
        {
            get
            {
                lock (Shared)
                {
                    return Shared.Count;
                }
            }
        }

        /// <summary>
        /// The limiter every connection to this account (base URI host + token) in the process
        /// shares. Its budget is the smallest of those the live connections asked for. Each call
        /// takes a reference; <see cref="Release"/> with the same budget gives it back.
        /// </summary>
        public static RequestRateLimiter For(Uri baseUri, ApiToken token, int requestsPerSecond)
        {
            var key = (baseUri.GetLeftPart(UriPartial.Authority), token);
            lock (Shared)
            {
                if (!Shared.TryGetValue(key, out var limiter))
                {
                    limiter = new RequestRateLimiter(requestsPerSecond, key);
                    Shared.Add(key, limiter);
                }

                lock (limiter._gate)
                {
                    limiter._budgets.Add(requestsPerSecond);
                }

                limiter.Resize();
                return limiter;
            }
        }

        /// <summary>
        /// Gives back a reference taken by <see cref="For"/> with <paramref name="requestsPerSecond"/>:
        /// the budget becomes the smallest of those still held, and the last one forgets the account.
        /// </summary>
        public void Release(int requestsPerSecond)
        {
            if (_key is null)
            {
                return;
            }

            lock (Shared)
            {
                bool last;
                lock (_gate)
                {
                    _budgets.Remove(requestsPerSecond);
                    last = _budgets.Count == 0;
                }

                if (last)
                {
                    Shared.Remove(_key.Value);
                    _timer.Dispose();
                    return;
                }
            }

            Resize();
        }

        /// <summary>
        /// Waits for a slot and for any pause to end; call it right before the request leaves,
        /// and dispose the lease when the request has ended (answered, failed or cancelled).
        /// </summary>
        public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<bool>? waiter = null;
            lock (_gate)
            {
                if (_free > 0 && _waiters.Count == 0)
                {
                    _free--;
                }
                else
                {
                    waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                }
            }

            if (waiter != null)
            {
                using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), waiter))
                {
                    // A slot handed to a waiter cancelled first is given back (see ReturnDue).
                    await waiter.Task.ConfigureAwait(false);
                }
            }

            try
            {
                long paused;
                while ((paused = Interlocked.Read(ref _pausedUntil)) > Stopwatch.GetTimestamp())
                {
                    await DelayUntil(paused, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                // Never sent: the slot may serve someone else at once.
                Return(Stopwatch.GetTimestamp() - WindowTicks);
                throw;
            }

            // The window starts now, when the request is about to leave.
            return new Lease(this, Stopwatch.GetTimestamp());
        }

        /// <summary>Holds every caller of this account until <paramref name="delay"/> from now has passed.</summary>
        public void Pause(TimeSpan delay)
        {
            var until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            long current;
            while (until > (current = Interlocked.Read(ref _pausedUntil)) && Interlocked.CompareExchange(ref _pausedUntil, until, current) != current)
            {
            }
        }

        /// <summary>Sets the budget to the smallest still asked for: lowering retires slots as they come back, raising frees slots at once.</summary>
        private void Resize()
        {
            var handOver = new List<TaskCompletionSource<bool>>();
            lock (_gate)
            {
                var budget = int.MaxValue;
                foreach (var asked in _budgets)
                {
                    budget = Math.Min(budget, asked);
                }

                if (_budgets.Count == 0 || budget == RequestsPerSecond)
                {
                    return;
                }

                if (budget < RequestsPerSecond)
                {
                    _retire += RequestsPerSecond - budget;
                    var now = Math.Min(_free, _retire);
                    _free -= now;
                    _retire -= now;
                }
                else
                {
                    var more = budget - RequestsPerSecond;
                    var unretired = Math.Min(_retire, more);
                    _retire -= unretired;
                    for (var i = unretired; i < more; i++)
                    {
                        if (!HandToWaiter(handOver))
                        {
                            _free++;
                        }
                    }
                }

                RequestsPerSecond = budget;
            }

            Wake(handOver);
        }

        /// <summary>A request that started at <paramref name="startedAt"/> has ended: its slot comes free a window after its arrival could have been.</summary>
        private void Ended(long startedAt)
        {
            var now = Stopwatch.GetTimestamp();
            var roundTrip = now - startedAt;
            long fastest;
            lock (_gate)
            {
                if (now - _fastestSince > FastestPeriod)
                {
                    _fastestBefore = _fastest;
                    _fastest = long.MaxValue;
                    _fastestSince = now;
                }

                fastest = Math.Min(_fastest, _fastestBefore);
                _fastest = Math.Min(_fastest, roundTrip);
            }

            var outbound = fastest == long.MaxValue ? roundTrip : Math.Max(0, roundTrip - fastest);
            Return(startedAt + outbound);
        }

        /// <summary>A slot taken at <paramref name="takenAt"/> (or whose request reached the server by then) comes free a window later.</summary>
        private void Return(long takenAt)
        {
            var due = takenAt + WindowTicks;
            lock (_gate)
            {
                var at = _returns.BinarySearch(due);
                at = at < 0 ? ~at : at;
                _returns.Insert(at, due);
                if (at == 0)
                {
                    ArmLocked();
                }
            }
        }

        private void ReturnDue()
        {
            var handOver = new List<TaskCompletionSource<bool>>();
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                var due = 0;
                while (due < _returns.Count && _returns[due] <= now)
                {
                    due++;
                    if (_retire > 0)
                    {
                        _retire--;
                        continue;
                    }

                    if (!HandToWaiter(handOver))
                    {
                        _free++;
                    }
                }

                _returns.RemoveRange(0, due);
                ArmLocked();
            }

            Wake(handOver);
        }

        /// <summary>Under the gate: gives one slot to the oldest waiter still waiting; false when none is.</summary>
        private bool HandToWaiter(List<TaskCompletionSource<bool>> handOver)
        {
            while (_waiters.Count > 0)
            {
                var waiter = _waiters.Dequeue();
                if (!waiter.Task.IsCompleted)
                {
                    handOver.Add(waiter);
                    return true;
                }
            }

            return false;
        }

        /// <summary>Outside the gate: wakes the waiters handed a slot; one cancelled meanwhile gives it back at once.</summary>
        private void Wake(List<TaskCompletionSource<bool>> handOver)
        {
            foreach (var waiter in handOver)
            {
                if (!waiter.TrySetResult(true))
                {
                    Return(Stopwatch.GetTimestamp() - WindowTicks);
                }
            }
        }

        /// <summary>Under the gate, so two callers can never leave the timer set for a later slot than the first due.</summary>
        private void ArmLocked()
        {
            if (_returns.Count == 0)
            {
                return;
            }

            var ticks = _returns[0] - Stopwatch.GetTimestamp();
            var milliseconds = ticks <= 0 ? 0 : (long)Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
            try
            {
                _timer.Change(milliseconds, Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
                // Released: nobody uses this account any more.
            }
        }

        private static Task DelayUntil(long timestamp, CancellationToken cancellationToken)
        {
            var ticks = timestamp - Stopwatch.GetTimestamp();
            if (ticks <= 0)
            {
                return Task.CompletedTask;
            }

            var milliseconds = (int)Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
            return Task.Delay(milliseconds, cancellationToken);
        }

        private sealed class Lease : IDisposable
        {
            private readonly long _startedAt;
            private RequestRateLimiter? _owner;

            public Lease(RequestRateLimiter owner, long startedAt)
            {
                _owner = owner;
                _startedAt = startedAt;
            }

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Ended(_startedAt);
        }
    }
}
