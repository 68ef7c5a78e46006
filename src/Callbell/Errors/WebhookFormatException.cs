using System;

namespace Callbell
{
    /// <summary>A webhook body that is not a Callbell event: not JSON, not an object, or without an event name.</summary>
    public sealed class WebhookFormatException : CallbellException
    {
        public WebhookFormatException(string message, Exception? innerException = null)
            : base(CallbellErrorKind.InvalidResponse, "Callbell.WebhookBodyInvalid", message, innerException)
        {
            RecommendedAction = "Pass the request body exactly as Callbell posted it: {\"event\": …, \"payload\": {…}}.";
        }
    }
}
