using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http
{
    /// <summary>
    /// Keeps one account under its requests-per-second budget across every connection, runspace
    /// and thread of the process. The budget is N slots; a request holds a slot from the moment
    /// it starts until one second after its answer arrived (or it gave up). The server receives a
    /// request after it starts and before its answer leaves, so two requests on the same slot
    /// arrive at least a second apart there, and no one-second window at the server can hold
    /// more than N of them, however arrival times bunch. At low latency this costs almost
    /// nothing: a slot is busy for one second plus one round trip.
    /// A 429 pauses every caller: a slot's holder waits out the pause before it sends.
    /// </summary>
    public sealed class RequestRateLimiter
    {
        private static readonly Dictionary<(string Authority, ApiToken Token), RequestRateLimiter> Shared =
            new Dictionary<(string Authority, ApiToken Token), RequestRateLimiter>();

        private static readonly long WindowTicks = Stopwatch.Frequency;

        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly Queue<long> _returns = new Queue<long>();
        private readonly Timer _timer;
        private readonly (string, ApiToken)? _key;
        private int _free;
        private int _retire;
        private int _references;
        private long _pausedUntil;

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

        /// <summary>The budget in force: the smallest any connection to the account asked for.</summary>
        public int RequestsPerSecond { get; private set; }

        /// <summary>How many limiters the process holds (one per account in use).</summary>
        public static int SharedCount
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
        /// shares, with the smaller budget when two connections ask for different ones. Each call
        /// takes a reference; <see cref="Release"/> gives it back.
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

                limiter._references++;
                limiter.Lower(requestsPerSecond);
                return limiter;
            }
        }

        /// <summary>Gives back a reference taken by <see cref="For"/>; the last one forgets the account.</summary>
        public void Release()
        {
            if (_key is null)
            {
                return;
            }

            lock (Shared)
            {
                if (--_references == 0)
                {
                    Shared.Remove(_key.Value);
                    _timer.Dispose();
                }
            }
        }

        /// <summary>
        /// Waits for a slot and for any pause to end. Dispose the lease when the request has ended
        /// (answered, failed or cancelled): the slot comes free one second later.
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

            var lease = new Lease(this);
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
                lease.Dispose();
                throw;
            }

            return lease;
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

        private void Lower(int requestsPerSecond)
        {
            lock (_gate)
            {
                if (requestsPerSecond >= RequestsPerSecond)
                {
                    return;
                }

                _retire += RequestsPerSecond - requestsPerSecond;
                RequestsPerSecond = requestsPerSecond;
                var now = Math.Min(_free, _retire);
                _free -= now;
                _retire -= now;
            }
        }

        /// <summary>A request ended at <paramref name="endedAt"/>: its slot comes free a window later.</summary>
        private void Return(long endedAt)
        {
            var due = endedAt + WindowTicks;
            bool arm;
            lock (_gate)
            {
                arm = _returns.Count == 0;
                _returns.Enqueue(due);
            }

            if (arm)
            {
                Arm(due);
            }
        }

        private void ReturnDue()
        {
            long next = 0;
            var handOver = new List<TaskCompletionSource<bool>>();
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (_returns.Count > 0 && _returns.Peek() <= now)
                {
                    _returns.Dequeue();
                    if (_retire > 0)
                    {
                        _retire--;
                        continue;
                    }

                    var given = false;
                    while (_waiters.Count > 0 && !given)
                    {
                        var waiter = _waiters.Dequeue();
                        if (!waiter.Task.IsCompleted)
                        {
                            handOver.Add(waiter);
                            given = true;
                        }
                    }

                    if (!given)
                    {
                        _free++;
                    }
                }

                if (_returns.Count > 0)
                {
                    next = _returns.Peek();
                }
            }

            foreach (var waiter in handOver)
            {
                if (!waiter.TrySetResult(true))
                {
                    // Cancelled in the meantime: the slot goes back at once.
                    Return(Stopwatch.GetTimestamp() - WindowTicks);
                }
            }

            if (next != 0)
            {
                Arm(next);
            }
        }

        private void Arm(long due)
        {
            var ticks = due - Stopwatch.GetTimestamp();
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
            private RequestRateLimiter? _owner;

            public Lease(RequestRateLimiter owner)
            {
                _owner = owner;
            }

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Return(Stopwatch.GetTimestamp());
        }
    }
}
