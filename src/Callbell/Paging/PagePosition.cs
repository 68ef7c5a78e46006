using System.Globalization;

namespace Callbell.Paging
{
    /// <summary>
    /// Where a list request starts: a page number, or (contacts) the cursor the server gave as
    /// <c>meta.next</c>. With a cursor the page number is ignored, as the API ignores it.
    /// </summary>
    public readonly struct PagePosition
    {
        public PagePosition(int page, string? after = null)
        {
            Page = page;
            After = after;
        }

        public int Page { get; }

        public string? After { get; }

        public static PagePosition First => new PagePosition(1);

        public override string ToString() => After != null ? "cursor " + After : "page " + Page.ToString(CultureInfo.InvariantCulture);
    }
}
