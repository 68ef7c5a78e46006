using Callbell.Paging;

namespace Callbell
{
    /// <summary>
    /// A page of a walk failed after retries. Names where the walk stopped (the page, or the
    /// cursor) so it can resume there; everything before it has already been delivered.
    /// </summary>
    public sealed class CallbellPageException : CallbellException
    {
        public CallbellPageException(PagePosition position, CallbellException inner)
            : base(inner.Kind, "Callbell.PageFailed", Describe(position) + " could not be read, so the walk stopped there; every item before it was delivered. " + inner.Message, inner)
        {
            Page = position.Page;
            After = position.After;
            RecommendedAction = position.After != null ? "Resume the walk with -After " + position.After + " -All." : "Resume the walk from page " + position.Page + " (-Page " + position.Page + " -All).";
        }

        /// <summary>
        /// The failure of the page at <paramref name="position"/> as the walk reports it: wrapped,
        /// naming where to resume, unless resuming cannot help because the failure is the
        /// account's or the settings' (a refused token, a forbidden call, a proxy asking for
        /// credentials, bad input): then the failure itself, as the same call would give alone.
        /// </summary>
        internal static CallbellException Wrap(PagePosition position, CallbellException inner)
        {
            var notThePage = inner.Kind == CallbellErrorKind.Authentication
                || inner.Kind == CallbellErrorKind.PermissionDenied
                || inner.Kind == CallbellErrorKind.InvalidArgument
                || (inner is CallbellApiException api && api.StatusCode == 407);
            return notThePage ? inner : new CallbellPageException(position, inner);
        }

        /// <summary>The page that failed (with a cursor walk: its position in the walk).</summary>
        public int Page { get; }

        /// <summary>The cursor to resume from, when the walk was by cursor.</summary>
        public string? After { get; }

        public int? StatusCode => (InnerException as CallbellApiException)?.StatusCode;

        private static string Describe(PagePosition position) =>
            position.After != null ? "The batch after cursor " + position.After : "Page " + position.Page;
    }
}
