using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Lets a cmdlet wait for async library work while still writing verbose lines, warnings and
    /// progress the work reports: those arrive from thread-pool threads as actions, and only the
    /// pipeline thread (the one waiting here) runs them. PowerShell allows Write* from that
    /// thread alone.
    /// </summary>
    internal sealed class PipelineDispatcher : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();

        /// <summary>Queues <paramref name="action"/> for the pipeline thread. Safe from any thread.</summary>
        public void Post(Action action)
        {
            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // Disposed (ObjectDisposedException is one): the cmdlet has finished.
            }
        }

        /// <summary>
        /// Waits for <paramref name="task"/> on the pipeline thread, running posted actions
        /// meanwhile. Ends with <see cref="PipelineStoppedException"/> as soon as
        /// <paramref name="stop"/> is cancelled (Ctrl+C), whether or not the task has ended.
        /// </summary>
        public T Run<T>(Task<T> task, CancellationToken stop)
        {
            Pump(task, stop);
            return task.GetAwaiter().GetResult();
        }

        public void Run(Task task, CancellationToken stop)
        {
            Pump(task, stop);
            task.GetAwaiter().GetResult();
        }

        /// <summary>Runs whatever has been posted so far.</summary>
        public void Drain()
        {
            while (_queue.TryTake(out var action))
            {
                action();
            }
        }

        public void Dispose() => _queue.Dispose();

        private void Pump(Task task, CancellationToken stop)
        {
            if (!task.IsCompleted)
            {
                // Wakes the loop below when the task ends, or when the command is stopped.
                task.ContinueWith(_ => Post(() => { }), TaskScheduler.Default);
                using (stop.Register(() => Post(() => { })))
                {
                    while (!task.IsCompleted && !stop.IsCancellationRequested)
                    {
                        // Not the stop token: a stop posts a no-op that wakes this take, so work
                        // already posted (a last -Verbose line) still runs first.
                        _queue.Take(CancellationToken.None)();
                    }
                }
            }

            if (stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            Drain();
        }
    }
}
