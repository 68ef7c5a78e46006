namespace Callbell
{
    /// <summary>The "meta" block some list responses carry: the page returned and how many there are.</summary>
    public sealed class PageMeta
    {
        public int Page { get; set; }

        public int Pages { get; set; }
    }
}
