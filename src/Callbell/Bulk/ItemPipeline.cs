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
    /// Driven from one thread (the pipeline thread). Every wait on that thread ends when the
    /// command stops (the host's <see cref="IItemHost.Wait"/> throws), and <see cref="Cancel"/>
    /// waits for requests in flight for <see cref="StopBound"/> at most: there is no unbounded
    /// wait anywhere. Memory is bounded by the items held (twice the limit), whatever the input.
    /// </summary>
    internal sealed class ItemPipeline
    {
        /// <summary>How long a stop waits for the requests in flight to notice it; they honour the token, so far less in practice.</summary>
        public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(2);

        private static readonly Task<object?> NoPlan = Task.FromResult<object?>(null);

        private readonly IItemHost _host;
        private readonly AdaptiveConcurrency _concurrency;
        private readonly CancellationTokenSource _cancel;

        // Items added and not yet written, in input order. [0, _approved) have been through approval.
        private readonly List<WorkItem> _queue = new List<WorkItem>();

        // Keys of the items started and not done: only these, so the set never outgrows the limit.
        private readonly HashSet<string> _busy = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _approved;
        private int _active;
        private bool _stopped;
        private TaskCompletionSource<bool> _wake = NewWake();

        public ItemPipeline(IItemHost host, AdaptiveConcurrency concurrency, CancellationToken cancellationToken)
        {
            _host = host;
            _concurrency = concurrency;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>Items held: added and not yet written.</summary>
        public int Held => _queue.Count;

        /// <summary>Keys held by items that have started and not ended.</summary>
        public int BusyKeys => _busy.Count;

        /// <summary>The most items held at once (in flight, waiting their turn, or done and waiting to be written in order).</summary>
        public int Capacity => 2 * Math.Max(1, _concurrency.Limit);

        /// <summary>Takes one more item; blocks (doing the host's work) while <see cref="Capacity"/> items are held.</summary>
        public void Add(WorkItem item)
        {
            if (_stopped)
            {
                throw new InvalidOperationException("The pipeline was stopped.");
            }

            item.State = ItemState.Waiting;
            _queue.Add(item);
            Step();
            while (_queue.Count > Capacity)
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
        /// Cancels whatever is in flight and gives it <see cref="StopBound"/> to end, writing
        /// nothing more. Safe to call more than once, and from Dispose.
        /// </summary>
        public void Cancel()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _cancel.Cancel();
            var inFlight = _queue
                .Where(i => i.State == ItemState.Started || i.State == ItemState.Running)
                .Select(i => (Task)(i.Run ?? i.Prepared!))
                .ToArray();
            try
            {
                Task.WaitAll(inFlight, StopBound);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: nobody is listening any more.
            }

            _queue.Clear();
            _busy.Clear();
            _approved = 0;
            _active = 0;
        }

        private static TaskCompletionSource<bool> NewWake() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private void WaitForProgress()
        {
            // The wake is made before looking, so whatever ends between the look and the wait still wakes it.
            var wake = NewWake();
            Volatile.Write(ref _wake, wake);
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
            while (moved && !_stopped);

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
                }
            }

            return moved;
        }

        /// <summary>Starts waiting items, in input order, while there is room and their key is free.</summary>
        private bool Start()
        {
            var moved = false;
            var limit = Math.Max(1, _concurrency.Limit);
            for (var i = _approved; i < _queue.Count && _active < limit; i++)
            {
                var item = _queue[i];
                if (item.State != ItemState.Waiting || (item.Key != null && !_busy.Add(item.Key)))
                {
                    continue;
                }

                item.State = ItemState.Started;
                _active++;
                if (item.Prepare is null)
                {
                    item.Prepared = NoPlan;
                }
                else
                {
                    var prepare = item.Prepare;
                    var token = _cancel.Token;
                    item.Prepared = Task.Run(() => prepare(token), token);
                    WakeWhenDone(item.Prepared);
                }

                moved = true;
            }

            return moved;
        }

        /// <summary>Approvals, in input order, as each item's read completes.</summary>
        private bool ApproveInOrder()
        {
            var moved = false;
            while (_approved < _queue.Count)
            {
                var item = _queue[_approved];
                if (item.State != ItemState.Started || !item.Prepared!.IsCompleted)
                {
                    break;
                }

                _approved++;
                moved = true;
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
            var execute = item.Execute;
            var token = _cancel.Token;
            item.Run = Task.Run(() => execute(plan, token), token);
            WakeWhenDone(item.Run);
        }

        private void End(WorkItem item)
        {
            item.State = ItemState.Done;
            _active--;
            if (item.Key != null)
            {
                _busy.Remove(item.Key);
            }
        }

        /// <summary>Results and errors, in input order.</summary>
        private bool WriteInOrder()
        {
            var moved = false;
            while (!_stopped && _queue.Count > 0 && _queue[0].State == ItemState.Done)
            {
                var item = _queue[0];
                _queue.RemoveAt(0);
                _approved--;
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
                return; // declined, or nothing to do
            }

            switch (failure)
            {
                case null:
                    item.Write(result);
                    break;
                case CallbellException error:
                    var explanation = item.Explain?.Invoke(error);
                    if (item.IsFatal?.Invoke(error) == true)
                    {
                        // Everything before this item is written; what follows would fail the same way.
                        Cancel();
                        _host.Terminate(item, error, explanation);
                    }

                    _host.WriteError(item, error, explanation);
                    item.Failed?.Invoke(error);
                    break;
                case OperationCanceledException _ when _cancel.IsCancellationRequested:
                    break;
                default:
                    ExceptionDispatchInfo.Capture(failure).Throw();
                    break;
            }
        }
    }
}
