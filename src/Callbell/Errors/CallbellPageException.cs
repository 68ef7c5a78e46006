using System;

namespace Callbell
{
    /// <summary>
    /// A page of a walk failed after retries. Names the page so the walk can resume there;
    /// everything before it has already been delivered.
    /// </summary>
    public sealed class CallbellPageException : CallbellException
    {
        public CallbellPageException(int page, CallbellException inner)
            : base(inner.Kind, "Callbell.PageFailed", "Page " + page + " could not be read, so the walk stopped there; every item before it was delivered. " + inner.Message, inner)
        {
            Page = page;
            RecommendedAction = "Resume the walk from page " + page + ".";
        }

        public int Page { get; }

        public int? StatusCode => (InnerException as CallbellApiException)?.StatusCode;
    }
}
