namespace Callbell
{
    /// <summary>
    /// The "meta" block of list responses: the page returned, how many pages there are, and
    /// (contacts, since August 2026) the opaque cursor of the next batch.
    /// </summary>
    public sealed class PageMeta : ApiObject
    {
        public int? Page { get; set; }

        public int? Pages { get; set; }

        /// <summary>Sent back as <c>after</c> for the next batch; null on the last one.</summary>
        public string? Next { get; set; }
    }
}
