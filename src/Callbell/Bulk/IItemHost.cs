using System.Threading.Tasks;

namespace Callbell.Bulk
{
    /// <summary>What <see cref="ItemPipeline"/> needs from the command that drives it, all on the pipeline thread.</summary>
    internal interface IItemHost
    {
        /// <summary>
        /// Blocks until <paramref name="task"/> has ended, doing the host's own pending work (verbose
        /// lines) meanwhile. Throws as soon as the command is stopping, whether or not the task ended.
        /// </summary>
        void Wait(Task task);

        /// <summary>Reports one item's failure; the other items go on.</summary>
        void WriteError(WorkItem item, CallbellException error, string? explanation);

        /// <summary>One item has its outcome, written or failed (progress).</summary>
        void Ended(WorkItem item, bool failed);

        /// <summary>Ends the command with one item's failure: throws.</summary>
        void Terminate(WorkItem item, CallbellException error, string? explanation);
    }
}
