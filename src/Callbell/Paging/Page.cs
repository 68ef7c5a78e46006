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

        internal Page<T> WithItems(IReadOnlyList<T> items) => new Page<T>(Number, items, Meta, Fingerprint, After);
    }
}
