using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Pipeline input at speed (DESIGN.md): up to a limit of items in flight at once, approvals
    /// (ShouldProcess) asked on the pipeline thread in input order before an item's request
    /// starts, results and errors written in input order, and two items for the same target
    /// never overlapping. A failure is a non-terminating error for its item; the others go on.
    /// Cancelling (Ctrl+C, or the pipeline stopping downstream) cancels every request in flight
    /// and waits for them to end.
    /// </summary>
    internal sealed class ItemPipeline
    {
        private readonly CallbellCmdlet _cmdlet;
        private readonly int _limit;
        private readonly CancellationTokenSource _cancel;
        private readonly List<WorkItem> _queue = new List<WorkItem>();
        private readonly Dictionary<string, WorkItem> _lastByKey = new Dictionary<string, WorkItem>(StringComparer.OrdinalIgnoreCase);
        private int _approved;

        public ItemPipeline(CallbellCmdlet cmdlet, int limit, CancellationToken cancellationToken)
        {
            _cmdlet = cmdlet;
            _limit = Math.Max(1, limit);
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public void Add(WorkItem item)
        {
            while (_queue.Count >= _limit)
            {
                Pump(block: true);
            }

            Task? before = null;
            if (item.Key != null)
            {
                if (_lastByKey.TryGetValue(item.Key, out var previous))
                {
                    before = previous.Done.Task;
                }

                _lastByKey[item.Key] = item;
            }

            item.Prepared = item.Prepare is null && before is null
                ? Task.FromResult<object?>(null)
                : After(before, item.Prepare ?? (_ => Task.FromResult<object?>(null)));
            _queue.Add(item);
            Pump(block: false);
        }

        /// <summary>Waits for every item and writes what is left (EndProcessing).</summary>
        public void Drain()
        {
            while (_queue.Count > 0)
            {
                Pump(block: true);
            }
        }

        /// <summary>Cancels whatever is in flight and waits for it to end, writing nothing more.</summary>
        public void Cancel()
        {
            _cancel.Cancel();
            foreach (var item in _queue)
            {
                try
                {
                    (item.Run ?? item.Prepared)?.Wait();
                }
                catch (AggregateException)
                {
                    // Cancelled or failed: nobody is listening any more.
                }
            }

            _queue.Clear();
        }

        private void Pump(bool block)
        {
            var progressed = false;

            // Approvals, in input order, as each item's read completes.
            while (_approved < _queue.Count && _queue[_approved].Prepared!.IsCompleted)
            {
                Approve(_queue[_approved++]);
                progressed = true;
            }

            // Results, in input order.
            while (_queue.Count > 0 && _queue[0].Approved && (_queue[0].Run is null || _queue[0].Run!.IsCompleted))
            {
                var head = _queue[0];
                _queue.RemoveAt(0);
                _approved--;
                Finish(head);
                progressed = true;
            }

            if (block && !progressed && _queue.Count > 0)
            {
                // Wait for whichever comes first of what can move things on: the head's request
                // (to write it) or the next read awaiting approval (so its request can start).
                var head = _queue[0];
                var waits = new List<Task>();
                if (head.Approved)
                {
                    waits.Add(head.Run!);
                }

                if (_approved < _queue.Count)
                {
                    waits.Add(_queue[_approved].Prepared!);
                }

                _cmdlet.Wait(Task.WhenAny(waits));
                Pump(block: false);
            }
        }

        private void Approve(WorkItem item)
        {
            item.Approved = true;
            object? plan;
            try
            {
                plan = item.Prepared!.GetAwaiter().GetResult();
            }
            catch (CallbellException ex)
            {
                item.Run = Task.FromException<object?>(ex);
                return;
            }
            catch (OperationCanceledException ex)
            {
                item.Run = Task.FromException<object?>(ex);
                return;
            }

            if (!item.Approve(plan))
            {
                item.Done.TrySetResult(false);
                return;
            }

            var token = _cancel.Token;
            item.Run = Task.Run(() => item.Execute(plan, token), token);
            item.Run.ContinueWith(_ => item.Done.TrySetResult(true), TaskScheduler.Default);
        }

        private void Finish(WorkItem item)
        {
            item.Done.TrySetResult(true);
            if (item.Run is null)
            {
                return;
            }

            object? result;
            try
            {
                result = _cmdlet.Wait(item.Run);
            }
            catch (CallbellException ex)
            {
                if (item.IsFatal?.Invoke(ex) == true)
                {
                    // Everything before this item is written; what follows would fail the same way.
                    Cancel();
                    _cmdlet.TerminateItem(ex, item.Target, item.ErrorPrefix);
                }

                _cmdlet.WriteItemError(ex, item.Target, item.ErrorPrefix + item.Explain?.Invoke(ex));
                return;
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                return;
            }

            item.Write(result);
        }

        private async Task<object?> After(Task? before, Func<CancellationToken, Task<object?>> work)
        {
            if (before != null)
            {
                await before.ConfigureAwait(false);
            }

            return await work(_cancel.Token).ConfigureAwait(false);
        }
    }
}
