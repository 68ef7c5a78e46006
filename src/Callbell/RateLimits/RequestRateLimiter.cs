using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.RateLimits
{
    /// <summary>
    /// Keeps one account under its requests-per-second budget across every connection, runspace
    /// and thread of the process, and shares it with the machine's other processes. A request may
    /// leave when three things allow it:
    /// <list type="bullet">
    /// <item>The pace (<see cref="Pacer"/>): requests leave evenly across the second, one interval
    /// (a window over the rate) apart, in step with other processes using the account.</item>
    /// <item>A slot of N: a request takes one when it leaves, and it comes free one window after
    /// that start plus the request's delay beyond the fastest round trip seen. The server counts
    /// arrivals, and a request arrives after its start by its outbound delay, at most its round
    /// trip less the fastest return leg: two requests on one slot arrive a second apart however
    /// their delays differ, while a steady round trip is not charged at all. Until a round trip
    /// is known, a request is charged its whole round trip (a cold connection is slow to set up).</item>
    /// <item>The ceiling (<see cref="CongestionCeiling"/>): what this process allows itself after
    /// 429s caused by what it cannot see.</item>
    /// </list>
    /// Waiters are served in turn by flow (<see cref="FlowQueue{T}"/>), so one wide command cannot
    /// starve another. The window is one second plus <see cref="Allowance"/> (timer granularity,
    /// clock reads). A 429 holds every caller of the account, in every process, until its
    /// Retry-After has passed.
    /// </summary>
    internal sealed class RequestRateLimiter
    {
        /// <summary>Added to the one-second window for what the clocks and timers of either side cannot see.</summary>
        public static readonly TimeSpan Allowance = TimeSpan.FromMilliseconds(50);

        internal static readonly long WindowTicks = BudgetClock.TicksPerSecond + BudgetClock.FromMilliseconds(Allowance.TotalMilliseconds);

        // The fastest round trip of the last few seconds (two periods): long enough to span the
        // two requests that share a slot a second apart, short enough that a path that became
        // slower for good is not charged its new latency for long.
        private static readonly long FastestPeriod = 3 * BudgetClock.TicksPerSecond / 2;

        // How far the pace may run ahead of now: later than a coarse timer (15.6 ms on Windows)
        // fires, and a thirtieth of the budget after an idle spell, so that no tenth of a second
        // holds much more than its even share.
        private static readonly long MinimumBurst = BudgetClock.FromMilliseconds(20);

        private readonly object _gate = new object();
        private readonly FlowQueue<TaskCompletionSource<bool>> _waiting = new FlowQueue<TaskCompletionSource<bool>>();
        private readonly List<long> _returns = new List<long>(); // due times, sorted
        private readonly ShareMeter _sent = new ShareMeter(WindowTicks);
        private readonly List<int> _budgets = new List<int>();
        private readonly Timer _timer;
        private readonly Pacer _pacer;
        private readonly CongestionCeiling _ceiling = new CongestionCeiling(WindowTicks);
        private readonly TaskCompletionSource<bool> _retired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _armedFor = long.MaxValue;
        private int _free;
        private int _retire;
        private long _fastest = long.MaxValue;
        private long _fastestBefore = long.MaxValue;
        private long _fastestSince = BudgetClock.Now;

        /// <summary>A limiter of this process alone, not shared with any other (tests, one-off use).</summary>
        public RequestRateLimiter(int requestsPerSecond)
            : this(requestsPerSecond, new PaceCell(), null)
        {
        }

        internal RequestRateLimiter(int requestsPerSecond, PaceCell pace, string? account)
        {
            if (requestsPerSecond < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "The budget must be at least 1 request a second.");
            }

            RequestsPerSecond = requestsPerSecond;
            Account = account;
            _free = requestsPerSecond;
            _pacer = new Pacer(pace);
            _timer = new Timer(_ => OnTimer(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>The budget in force: the smallest any live connection to the account asked for.</summary>
        public int RequestsPerSecond { get; private set; }

        /// <summary>The key it is shared under (<see cref="AccountLimiters"/>); null for one of its own.</summary>
        internal string? Account { get; }

        /// <summary>What this process allows itself now: the budget, or less after 429s.</summary>
        internal double Ceiling
        {
            get
            {
                lock (_gate)
                {
                    return _ceiling.Current(RequestsPerSecond, BudgetClock.Now);
                }
            }
        }

        /// <summary>Slots free to leave now (tests: a limiter kept past its last connection still remembers what was spent).</summary>
        internal int FreeSlots
        {
            get
            {
                lock (_gate)
                {
                    return _free;
                }
            }
        }

        /// <summary>Completes when the limiter is given up: a window after its last connection closed.</summary>
        internal Task Retired => _retired.Task;

        /// <summary>Connections holding it.</summary>
        internal int References
        {
            get
            {
                lock (_gate)
                {
                    return _budgets.Count;
                }
            }
        }

        /// <summary>
        /// Waits for the pace, a slot and the ceiling; call it right before the request leaves, and
        /// dispose the lease when the request has ended (answered, failed or cancelled).
        /// <paramref name="flow"/> is who asks (a command's client): flows are served in turn.
        /// </summary>
        public async Task<Lease> AcquireAsync(object flow, CancellationToken cancellationToken)
        {
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Enqueue(flow, waiter);
            }

            Dispatch();
            if (!waiter.Task.IsCompleted)
            {
                using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), waiter))
                {
                    // A slot handed to a waiter cancelled first is given back (see Wake).
                    await waiter.Task.ConfigureAwait(false);
                }
            }
            else
            {
                await waiter.Task.ConfigureAwait(false);
            }

            // The window starts now, when the request is about to leave.
            return new Lease(this, BudgetClock.Now);
        }

        public Task<Lease> AcquireAsync(CancellationToken cancellationToken) => AcquireAsync(this, cancellationToken);

        /// <summary>
        /// The server refused a request that left at <paramref name="leftAt"/> with 429 and asked
        /// for <paramref name="delay"/>: every caller of the account waits it out, and this process
        /// lowers what it allows itself.
        /// </summary>
        public void Refused(long leftAt, TimeSpan delay)
        {
            var now = BudgetClock.Now;
            lock (_gate)
            {
                _ceiling.Refused(RequestsPerSecond, leftAt, now, _sent.SentBefore(leftAt), _sent.BusySince);

                // The burst at the rate after the cut: the first request leaves when the pause ends, not before.
                var resume = now + BudgetClock.FromMilliseconds(delay.TotalMilliseconds);
                _pacer.HoldUntil(resume + Burst(Interval()));
                _sent.PausedUntil(resume);
            }
        }

        /// <summary>Takes a reference for a connection that asked for <paramref name="requestsPerSecond"/>.</summary>
        internal void Hold(int requestsPerSecond)
        {
            lock (_gate)
            {
                _budgets.Add(requestsPerSecond);
            }

            Resize();
        }

        /// <summary>Gives back a reference taken with <paramref name="requestsPerSecond"/>; true when it was the last.</summary>
        internal bool Unhold(int requestsPerSecond)
        {
            bool last;
            lock (_gate)
            {
                _budgets.Remove(requestsPerSecond);
                last = _budgets.Count == 0;
            }

            if (!last)
            {
                Resize();
            }

            return last;
        }

        /// <summary>No connection holds it any more and nobody will use it again: stop its timer and give up its pace file.</summary>
        internal void Retire()
        {
            lock (_gate)
            {
                // Under the gate, as every use of the pace is: a late request paces in the process.
                _timer.Dispose();
                _pacer.Close();
            }

            _retired.TrySetResult(true);
        }

        /// <summary>The time between two requests leaving, at the rate this process allows itself now.</summary>
        private long Interval()
        {
            double rate;
            lock (_gate)
            {
                rate = _ceiling.Current(RequestsPerSecond, BudgetClock.Now);
            }

            return (long)(WindowTicks / rate);
        }

        private long Burst(long interval) => Math.Max(MinimumBurst, interval * Math.Max(1, RequestsPerSecond / 30));

        /// <summary>Sets the budget to the smallest still asked for: lowering retires slots as they come back, raising frees slots at once.</summary>
        private void Resize()
        {
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
                    _free += more - unretired;
                }

                RequestsPerSecond = budget;
            }

            Dispatch();
        }

        /// <summary>Hands slots to waiters, flow by flow, while the pace and the slots allow; arms the timer for when they next will.</summary>
        private void Dispatch()
        {
            List<TaskCompletionSource<bool>>? handOver = null;
            var interval = Interval();
            var burst = Burst(interval);
            lock (_gate)
            {
                while (_free > 0 && _waiting.TryPeek(out var waiter))
                {
                    if (waiter.Task.IsCompleted)
                    {
                        _waiting.Dequeue(); // cancelled while it waited
                        continue;
                    }

                    var now = BudgetClock.Now;
                    if (!_pacer.TryTake(now, interval, burst, out var wait))
                    {
                        ArmLocked(now + wait);
                        break;
                    }

                    _waiting.Dequeue();
                    _free--;
                    _sent.Departed(now);
                    (handOver ??= new List<TaskCompletionSource<bool>>()).Add(waiter);
                }
            }

            if (handOver is null)
            {
                return;
            }

            foreach (var waiter in handOver)
            {
                if (!waiter.TrySetResult(true))
                {
                    // Cancelled since: its slot serves someone else at once.
                    Return(BudgetClock.Now - WindowTicks);
                }
            }
        }

        /// <summary>A request that left at <paramref name="startedAt"/> has ended: its slot comes free a window after its arrival could have been.</summary>
        private void Ended(long startedAt)
        {
            var now = BudgetClock.Now;
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
                ArmLocked(due);
            }
        }

        private void OnTimer()
        {
            lock (_gate)
            {
                _armedFor = long.MaxValue;
                var now = BudgetClock.Now;
                var due = 0;
                while (due < _returns.Count && _returns[due] <= now)
                {
                    due++;
                    if (_retire > 0)
                    {
                        _retire--;
                    }
                    else
                    {
                        _free++;
                    }
                }

                _returns.RemoveRange(0, due);
                if (_returns.Count > 0)
                {
                    ArmLocked(_returns[0]);
                }
            }

            Dispatch();
        }

        /// <summary>
        /// Under the gate: makes sure the timer fires by <paramref name="due"/>. Never moves a
        /// timer that is set, or overdue, to later: its callback works out every due time again
        /// (slots from the returns, the pace from a dispatch), and changing a timer whose
        /// callback is about to run would cancel it.
        /// </summary>
        private void ArmLocked(long due)
        {
            if (due >= _armedFor)
            {
                return;
            }

            _armedFor = due;
            try
            {
                _timer.Change(BudgetClock.ToTimerMilliseconds(due - BudgetClock.Now), Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
                // Retired: nobody uses this account any more.
            }
        }

        /// <summary>A slot held by a request in flight; dispose it when the request has ended.</summary>
        internal sealed class Lease : IDisposable
        {
            private RequestRateLimiter? _owner;

            public Lease(RequestRateLimiter owner, long startedAt)
            {
                _owner = owner;
                StartedAt = startedAt;
            }

            /// <summary>When the request left, in <see cref="BudgetClock"/> ticks.</summary>
            public long StartedAt { get; private set; }

            /// <summary>
            /// The request leaves now, later than the slot was granted (it waited for its journal
            /// line to reach the disk): its window starts now, and the wait is not charged as delay
            /// on the way to the server.
            /// </summary>
            public long Leaving() => StartedAt = BudgetClock.Now;

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Ended(StartedAt);
        }
    }
}
