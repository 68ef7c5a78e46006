using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Bulk
{
    /// <summary>
    /// Pipeline input at speed: items in flight up to a limit that adapts to the account's budget
    /// (<see cref="AdaptiveConcurrency"/>), approvals (ShouldProcess) asked on the pipeline thread
    /// in input order before an item's request starts, results and errors written in input order,
    /// and two items with the same key never overlapping. A failure is its item's alone.
    /// <para>
    /// Items start in input order: an item whose key is still held by an earlier one holds back
    /// the items after it. That costs a little speed on repeated keys and buys the guarantee that
    /// the pipeline always drains: every started item is ahead of every waiting one, so the head
    /// of the waiting items needs only started items to end, and they need nothing after them.
    /// (Letting later items start past a waiting head once hung the pipeline: they held every
    /// place in flight while waiting for the head's approval, which waited for a place.)
    /// </para>
    /// <para>
    /// Three ways to end early. A fatal failure (<see cref="WorkItem.IsFatal"/>) and
    /// <see cref="Close"/> (a downstream Select-Object -First, -ErrorAction Stop) admit nothing
    /// more and let the requests in flight finish, so their outcomes are known and recorded.
    /// <see cref="Cancel"/> (Ctrl+C) cancels what is in flight: only that makes an outcome
    /// unknown. Driven from one thread (the pipeline thread); every wait there ends when the
    /// command stops (the host's <see cref="IItemHost.Wait"/> throws). Memory is bounded by the
    /// items held (twice the limit), whatever the input.
    /// </para>
    /// </summary>
    internal sealed class ItemPipeline
    {
        /// <summary>How long a cancel waits for the requests in flight to notice it; they honour the token, so far less in practice.</summary>
        public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(2);

        private static readonly Task<object?> NoPlan = Task.FromResult<object?>(null);

        private readonly IItemHost _host;
        private readonly AdaptiveConcurrency _concurrency;

        // Cancels requests in flight: Ctrl+C only.
        private readonly CancellationTokenSource _cancel;

        // Cancels the reads of items that will never be approved once the pipeline closes.
        private readonly CancellationTokenSource _reads;

        // Items added and not yet written, in input order: [0, _approved) have been through
        // approval, [_approved, _started) hold their key and wait for it, the rest wait to start.
        private readonly List<WorkItem> _queue = new List<WorkItem>();

        // Keys of the items started and not done: only these, so the set never outgrows the limit.
        private readonly HashSet<string> _busy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _started;
        private int _approved;
        private int _active;
        private bool _closing;
        private bool _ended;
        private FatalFailure? _fatal;
        private TaskCompletionSource<bool> _wake = NewWake();

        // What approved items act on (WorkItem.Resolved): how many of them run now, and the clock
        // when the last one for each ended. The clock ticks at each approval and each end.
        private readonly Dictionary<string, int> _running = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, long> _lastEnded = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        private long _clock;

        public ItemPipeline(IItemHost host, AdaptiveConcurrency concurrency, CancellationToken cancellationToken)
        {
            _host = host;
            _concurrency = concurrency;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _reads = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        }

        /// <summary>Items held: added and not yet written.</summary>
        public int Held => _queue.Count;

        /// <summary>Keys held by items that have started and not ended.</summary>
        public int BusyKeys => _busy.Count;

        /// <summary>Requests started and not ended.</summary>
        public int Active => _active;

        /// <summary>The most items held at once (in flight, waiting their turn, or done and waiting to be written in order).</summary>
        public int Capacity => 2 * Math.Max(1, _concurrency.Limit);

        /// <summary>
        /// Takes one more item; blocks (doing the host's work) while <see cref="Capacity"/> items
        /// are held. After a fatal failure the item is not taken: this waits for the requests in
        /// flight, then ends the command with that failure.
        /// </summary>
        public void Add(WorkItem item)
        {
            if (_ended)
            {
                throw new InvalidOperationException("The pipeline has ended.");
            }

            if (!_closing)
            {
                item.State = ItemState.Waiting;
                _queue.Add(item);
            }

            Step();
            while (_queue.Count > (_closing ? 0 : Capacity))
            {
                WaitForProgress();
            }
        }

        /// <summary>Waits for every item and writes what is left (EndProcessing).</summary>
        public void Drain()
        {
            Step();
            while (_queue.Count > 0)
            {
                WaitForProgress();
            }
        }

        /// <summary>
        /// Ends early without Ctrl+C (a downstream Select-Object -First, -ErrorAction Stop, a
        /// write that threw): nothing more starts, and the requests already in flight are given
        /// up to <paramref name="bound"/> (the connection's timeout) to finish, so that what they
        /// did is known; only what is still out after that is cancelled. Writes nothing more.
        /// Ctrl+C during the wait cancels them at once. Safe to call more than once.
        /// </summary>
        public void Close(TimeSpan bound)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            BeginClosing();
            var running = _queue.Where(i => i.State == ItemState.Running).Select(i => (Task)i.Run!).ToArray();
            WaitQuietly(running, bound);
            Abandon();
        }

        /// <summary>
        /// Ctrl+C: cancels whatever is in flight and gives it <see cref="StopBound"/> to end,
        /// writing nothing more. Safe to call more than once, and from Dispose.
        /// </summary>
        public void Cancel()
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _closing = true;
            Abandon();
        }

        private void Abandon()
        {
            _cancel.Cancel();
            var inFlight = _queue
                .Where(i => i.State == ItemState.Started || i.State == ItemState.Running)
                .Select(i => (Task)(i.Run ?? i.Prepared!))
                .ToArray();
            WaitQuietly(inFlight, StopBound);
            _queue.Clear();
            _busy.Clear();
            _running.Clear();
            _started = 0;
            _approved = 0;
            _active = 0;
        }

        private static void WaitQuietly(Task[] tasks, TimeSpan bound)
        {
            try
            {
                Task.WaitAll(tasks, bound);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: each item's own wrapper (the journal) has recorded it.
            }
        }

        private static TaskCompletionSource<bool> NewWake() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private void WaitForProgress()
        {
            // The wake is made before looking, so whatever ends between the look and the wait still wakes it.
            // A full fence, not a release: the look (IsCompleted) must not be read before the new
            // wake is visible, or a task ending in between would set the old wake and nobody would
            // hear it (a store-load reordering that x86 allows; it hung 1 run in ~3,000).
            var wake = NewWake();
            Interlocked.Exchange(ref _wake, wake);
            if (Step())
            {
                return;
            }

            _host.Wait(wake.Task);
            Step();
        }

        private void Wake() => Volatile.Read(ref _wake).TrySetResult(true);

        private void WakeWhenDone(Task task)
        {
            if (!task.IsCompleted)
            {
                task.ContinueWith(static (_, state) => ((ItemPipeline)state!).Wake(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        /// <summary>Moves everything on as far as it goes now; true if anything moved.</summary>
        private bool Step()
        {
            var any = false;
            bool moved;
            do
            {
                moved = Settle();
                moved |= Start();
                moved |= ApproveInOrder();
                moved |= WriteInOrder();
                any |= moved;
            }
            while (moved && !_ended);

            if (_fatal != null && _queue.Count == 0)
            {
                // Everything before the fatal item is written, and what was in flight has ended.
                var fatal = _fatal;
                _fatal = null;
                _ended = true;
                _host.Terminate(fatal.Item, fatal.Error, fatal.Explanation);
            }

            return any;
        }

        /// <summary>Requests that have ended release their keys and their place in flight.</summary>
        private bool Settle()
        {
            var moved = false;
            for (var i = 0; i < _approved; i++)
            {
                var item = _queue[i];
                if (item.State == ItemState.Running && item.Run!.IsCompleted)
                {
                    End(item);
                    moved = true;
                    if (!_closing && item.Run.Exception?.InnerException is CallbellException error && item.IsFatal?.Invoke(error) == true)
                    {
                        // Nothing more starts from the moment a fatal answer is in, not only once it is written in order.
                        BeginClosing();
                    }
                }
            }

            return moved;
        }

        /// <summary>Starts waiting items strictly in input order, while there is room and the next one's key is free.</summary>
        private bool Start()
        {
            var moved = false;
            if (_closing && _started < _queue.Count)
            {
                // Never started, never will be: they were not tried, and nothing is said of them.
                _queue.RemoveRange(_started, _queue.Count - _started);
                moved = true;
            }

            var limit = Math.Max(1, _concurrency.Limit);
            while (!_closing && _started < _queue.Count && _active < limit)
            {
                var item = _queue[_started];
                if (item.Key != null && !_busy.Add(item.Key))
                {
                    break; // an earlier item with this key is still in flight; it will end and free it
                }

                _started++;
                _active++;
                item.State = ItemState.Started;
                Read(item);
                moved = true;
            }

            return moved;
        }

        private void Read(WorkItem item)
        {
            item.ReadAt = _clock;
            if (item.Prepare is null)
            {
                item.Prepared = NoPlan;
                return;
            }

            var prepare = item.Prepare;
            var token = _reads.Token;
            item.Prepared = Task.Run(() => prepare(token), token);
            WakeWhenDone(item.Prepared);
        }

        /// <summary>
        /// For an item whose read found what it acts on: false while an earlier item for the same
        /// thing still runs (it waits), or after starting a fresh read because one ended since this
        /// read began (its plan may be stale). True when it may be approved now.
        /// </summary>
        private bool ReadIsCurrent(WorkItem item, ref bool moved)
        {
            if (item.Resolved is null || item.Prepared!.Status != TaskStatus.RanToCompletion)
            {
                return true;
            }

            var actsOn = item.Resolved(item.Prepared.Result);
            if (actsOn is null)
            {
                return true;
            }

            if (_running.ContainsKey(actsOn))
            {
                return false; // its end wakes the pipeline
            }

            if (_lastEnded.TryGetValue(actsOn, out var ended) && ended > item.ReadAt)
            {
                Read(item); // the earlier change ended after this read began: read again
                moved = true;
                return false;
            }

            item.ActsOn = actsOn;
            return true;
        }

        /// <summary>Approvals, in input order, as each item's read completes. Once closing, none: those items never leave.</summary>
        private bool ApproveInOrder()
        {
            var moved = false;
            while (_approved < _started)
            {
                var item = _queue[_approved];
                if (!item.Prepared!.IsCompleted)
                {
                    break;
                }

                if (!_closing && !ReadIsCurrent(item, ref moved))
                {
                    break;
                }

                _approved++;
                moved = true;
                if (_closing)
                {
                    End(item);
                    continue;
                }

                Approve(item);
            }

            return moved;
        }

        private void Approve(WorkItem item)
        {
            var prepared = item.Prepared!;
            if (!prepared.Status.Equals(TaskStatus.RanToCompletion))
            {
                item.Failure = prepared.IsCanceled ? new OperationCanceledException(_cancel.Token) : prepared.Exception!.InnerException;
                End(item);
                return;
            }

            var plan = prepared.Result;
            bool go;
            try
            {
                go = item.Approve(plan);
            }
            catch (CallbellException ex)
            {
                item.Failure = ex;
                End(item);
                return;
            }
            catch
            {
                // A prompt that could not be shown, a stop: the command ends, and the key is free.
                End(item);
                throw;
            }

            if (!go)
            {
                End(item);
                return;
            }

            item.State = ItemState.Running;
            _clock++;
            if (item.ActsOn != null)
            {
                _running[item.ActsOn] = _running.TryGetValue(item.ActsOn, out var n) ? n + 1 : 1;
            }

            var execute = item.Execute;
            var token = _cancel.Token;
            item.Run = Task.Run(() => execute(plan, token), token);
            WakeWhenDone(item.Run);
        }

        private void BeginClosing()
        {
            _closing = true;
            _reads.Cancel();
        }

        private void End(WorkItem item)
        {
            if (item.State == ItemState.Running && item.ActsOn != null)
            {
                _clock++;
                _lastEnded[item.ActsOn] = _clock;
                if (--_running[item.ActsOn] == 0)
                {
                    _running.Remove(item.ActsOn);
                }

                Forget();
            }

            item.State = ItemState.Done;
            _active--;
            if (item.Key != null)
            {
                _busy.Remove(item.Key);
            }
        }

        /// <summary>Ends older than every read still to be approved can make no read stale: dropped, so memory stays bounded.</summary>
        private void Forget()
        {
            if (_lastEnded.Count <= 4 * Capacity)
            {
                return;
            }

            var oldest = _clock;
            for (var i = _approved; i < _started; i++)
            {
                oldest = Math.Min(oldest, _queue[i].ReadAt);
            }

            foreach (var stale in _lastEnded.Where(e => e.Value <= oldest).Select(e => e.Key).ToList())
            {
                _lastEnded.Remove(stale);
            }
        }

        /// <summary>Results and errors, in input order.</summary>
        private bool WriteInOrder()
        {
            var moved = false;
            while (!_ended && _queue.Count > 0 && _queue[0].State == ItemState.Done)
            {
                var item = _queue[0];
                _queue.RemoveAt(0);
                _approved--;
                _started--;
                moved = true;
                Finish(item);
            }

            return moved;
        }

        private void Finish(WorkItem item)
        {
            var failure = item.Failure;
            object? result = null;
            if (failure is null && item.Run != null)
            {
                if (item.Run.Status == TaskStatus.RanToCompletion)
                {
                    result = item.Run.Result;
                }
                else
                {
                    failure = item.Run.IsCanceled ? new OperationCanceledException(_cancel.Token) : item.Run.Exception!.InnerException;
                }
            }
            else if (failure is null)
            {
                return; // declined, nothing to do, or never approved because the pipeline closed
            }

            switch (failure)
            {
                case null:
                    item.Write(result);
                    _host.Ended(item, failed: false);
                    break;
                case CallbellException error:
                    var explanation = item.Explain?.Invoke(error);
                    if (_fatal is null && item.IsFatal?.Invoke(error) == true)
                    {
                        // What follows would fail the same way: admit nothing more, let what is in
                        // flight end (its outcome known), write it, then end with this failure.
                        _fatal = new FatalFailure(item, error, explanation);
                        BeginClosing();
                        item.Failed?.Invoke(error);
                        break;
                    }

                    _host.WriteError(item, error, explanation);
                    item.Failed?.Invoke(error);
                    _host.Ended(item, failed: true);
                    break;
                case OperationCanceledException _ when _cancel.IsCancellationRequested || _closing:
                    break;
                default:
                    ExceptionDispatchInfo.Capture(failure).Throw();
                    break;
            }
        }

        private sealed class FatalFailure
        {
            public FatalFailure(WorkItem item, CallbellException error, string? explanation)
            {
                Item = item;
                Error = error;
                Explanation = explanation;
            }

            public WorkItem Item { get; }

            public CallbellException Error { get; }

            public string? Explanation { get; }
        }
    }
}
