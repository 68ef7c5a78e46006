using System.Collections.Generic;

namespace Callbell.Paging
{
    /// <summary>One page of a list endpoint, already deserialized.</summary>
    public sealed class Page<T>
    {
        public Page(int number, IReadOnlyList<T> items, PageMeta? meta, ulong fingerprint, string? after = null)
        {
            Number = number;
            Items = items;
            Meta = meta;
            Fingerprint = fingerprint;
            After = after;
        }

        /// <summary>The page number requested, or the batch's position in a cursor walk.</summary>
        public int Number { get; }

        public IReadOnlyList<T> Items { get; }

        /// <summary>Null for endpoints without meta (funnels, contact messages on some servers).</summary>
        public PageMeta? Meta { get; }

        /// <summary>The cursor this batch was requested with, if any.</summary>
        public string? After { get; }

        /// <summary>A hash of the response body, to notice a server repeating a page.</summary>
        public ulong Fingerprint { get; }

        /// <summary>The cursor of the next batch, when the server sent one.</summary>
        public string? Next => Meta?.Next;

        /// <summary>True only when the response shows that more follow: a next cursor, or a page before meta.pages.</summary>
        public bool HasMore => Next != null || (Meta?.Pages is int pages && (Meta.Page ?? Number) < pages);

        /// <summary>
        /// Set on the last batch a walk yields when it stopped before the server said the list
        /// ended (batches that brought nothing new, a repeated cursor): why, in a sentence.
        /// </summary>
        public string? StoppedEarly { get; private set; }

        /// <summary>With <see cref="StoppedEarly"/>: the cursor that resumes the walk where it stopped.</summary>
        public string? ResumeAfter { get; private set; }

        internal Page<T> WithItems(IReadOnlyList<T> items) =>
            new Page<T>(Number, items, Meta, Fingerprint, After) { StoppedEarly = StoppedEarly, ResumeAfter = ResumeAfter };

        /// <summary>An empty batch that says the walk stopped early, and where to resume.</summary>
        internal static Page<T> Stopped(int number, string reason, string? resumeAfter) =>
            new Page<T>(number, new T[0], null, 0) { StoppedEarly = reason, ResumeAfter = resumeAfter };
    }
}
