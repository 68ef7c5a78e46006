using System;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Bulk
{
    /// <summary>
    /// One pipeline item's work for <see cref="ItemPipeline"/>: an optional read that prepares a
    /// plan (off the pipeline thread), an approval on the pipeline thread (ShouldProcess, with
    /// the plan in hand), the request itself (off the pipeline thread), and writing its result
    /// (on the pipeline thread, in input order).
    /// </summary>
    internal sealed class WorkItem
    {
        /// <summary>The input object, the target of any error.</summary>
        public object? Target { get; set; }

        /// <summary>Items with the same key (a contact's uuid) never overlap: each starts after the one before has ended.</summary>
        public string? Key { get; set; }

        /// <summary>Put before an error's message, e.g. "Row 7: ".</summary>
        public string? ErrorPrefix { get; set; }

        /// <summary>Reads what the item needs to decide (the contact as it is now). Null: nothing to read.</summary>
        public Func<CancellationToken, Task<object?>>? Prepare { get; set; }

        /// <summary>
        /// On the pipeline thread, before the request: true to go on, false to skip the item
        /// quietly (declined, nothing to do). A <see cref="CallbellException"/> thrown here is
        /// this item's error; anything else ends the command.
        /// </summary>
        public Func<object?, bool> Approve { get; set; } = _ => true;

        public Func<object?, CancellationToken, Task<object?>> Execute { get; set; } = (plan, _) => Task.FromResult(plan);

        /// <summary>
        /// What the item's read found it will act on, when its key could not say beforehand (a
        /// CRM row keyed by phone finds a contact's uuid): two items that find the same thing never
        /// overlap, and one whose read began before an earlier item for that thing finished writing
        /// reads again before it is approved. Null: the key says it all.
        /// </summary>
        public Func<object?, string?>? Resolved { get; set; }

        /// <summary>A failure after which no later item can succeed (a 402 for a bulk template send): it ends the command.</summary>
        public Func<CallbellException, bool>? IsFatal { get; set; }

        /// <summary>The words of an error for this item, when they should say more than the exception (a send that may have gone out).</summary>
        public Func<CallbellException, string?>? Explain { get; set; }

        /// <summary>On the pipeline thread, in input order.</summary>
        public Action<object?> Write { get; set; } = _ => { };

        /// <summary>On the pipeline thread, in input order, after the item's error was written (a row's "Failed" outcome).</summary>
        public Action<CallbellException>? Failed { get; set; }

        internal ItemState State { get; set; }

        internal Task<object?>? Prepared { get; set; }

        /// <summary>The pipeline's clock when the item's read began.</summary>
        internal long ReadAt { get; set; }

        /// <summary>What it acts on, once approved (see <see cref="Resolved"/>).</summary>
        internal string? ActsOn { get; set; }

        internal Task<object?>? Run { get; set; }

        /// <summary>Set when the item failed before its request (its read, or its approval).</summary>
        internal Exception? Failure { get; set; }
    }

    internal enum ItemState
    {
        /// <summary>Queued: waits for room in flight, or for an earlier item with the same key to end.</summary>
        Waiting,

        /// <summary>Holds its key; its read runs (or it has none) and it waits for its approval in input order.</summary>
        Started,

        /// <summary>Approved: its request runs.</summary>
        Running,

        /// <summary>Finished (written next, in input order), its key released.</summary>
        Done,
    }
}
