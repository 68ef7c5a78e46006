using System.Collections.Generic;

namespace Callbell.Paging
{
    /// <summary>One page of a list endpoint, already deserialized.</summary>
    public sealed class Page<T>
    {
        public Page(int number, IReadOnlyList<T> items, PageMeta? meta, ulong fingerprint)
        {
            Number = number;
            Items = items;
            Meta = meta;
            Fingerprint = fingerprint;
        }

        /// <summary>The page number that was requested.</summary>
        public int Number { get; }

        public IReadOnlyList<T> Items { get; }

        /// <summary>Null for endpoints without meta (contacts, messages).</summary>
        public PageMeta? Meta { get; }

        /// <summary>A hash of the response body, to notice a server repeating a page.</summary>
        public ulong Fingerprint { get; }

        /// <summary>True when the page says, or suggests, that more follow.</summary>
        public bool MayHaveMore => Meta != null ? Meta.Page < Meta.Pages : Items.Count > 0;
    }
}
