using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Bulk;

namespace Callbell.Tests.Bulk
{
    /// <summary>
    /// Stands in for a cmdlet on the pipeline thread: waits as the module's dispatcher does
    /// (ending at once when stopped), and records what would be written.
    /// </summary>
    internal sealed class TestHost : IItemHost
    {
        private readonly CancellationToken _stop;

        public TestHost(CancellationToken stop = default)
        {
            _stop = stop;
        }

        public List<object?> Written { get; } = new List<object?>();

        public List<string> Errors { get; } = new List<string>();

        /// <summary>Throws this from the next write, as a downstream Select-Object -First does.</summary>
        public Func<object?, Exception?>? OnWrite { get; set; }

        public void Wait(Task task)
        {
            try
            {
                task.Wait(_stop);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (AggregateException)
            {
                // The task's own failure is read by whoever asked for it.
            }

            if (_stop.IsCancellationRequested)
            {
                throw new PipelineStopped();
            }
        }

        public void WriteError(WorkItem item, CallbellException error, string? explanation) =>
            Errors.Add(item.ErrorPrefix + explanation + error.Message);

        /// <summary>Items whose outcome was written or failed, in order.</summary>
        public int EndedCount { get; private set; }

        public void Ended(WorkItem item, bool failed) => EndedCount++;

        public void Terminate(WorkItem item, CallbellException error, string? explanation) =>
            throw new Terminated(item.ErrorPrefix + explanation + error.Message);

        public Action<object?> Write => value =>
        {
            var stop = OnWrite?.Invoke(value);
            if (stop != null)
            {
                throw stop;
            }

            Written.Add(value);
        };

        public sealed class PipelineStopped : Exception
        {
        }

        public sealed class Terminated : Exception
        {
            public Terminated(string message)
                : base(message)
            {
            }
        }
    }
}
