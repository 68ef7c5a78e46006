namespace Callbell
{
    /// <summary>Which check of a webhook signature failed.</summary>
    public enum SignatureFailure
    {
        /// <summary>No X-Callbell-Signature header.</summary>
        Missing,
        /// <summary>The header is not t=&lt;seconds&gt;,v1=&lt;hex&gt;.</summary>
        Malformed,
        /// <summary>Signed longer ago than the tolerance: a replay or a slow clock.</summary>
        Expired,
        /// <summary>Signed further ahead than the tolerance: a fast clock.</summary>
        FromTheFuture,
        /// <summary>The HMAC does not match: wrong secret or altered body.</summary>
        Mismatch,
    }

    /// <summary>A webhook body whose signature did not verify. The message never holds the secret.</summary>
    public sealed class WebhookSignatureException : CallbellException
    {
        public WebhookSignatureException(SignatureFailure failure, string message)
            : base(CallbellErrorKind.Authentication, "Callbell.WebhookSignature." + failure, message)
        {
            Failure = failure;
            RecommendedAction = failure == SignatureFailure.Mismatch
                ? "Check that -Secret is the current signing secret (rotation in the dashboard takes effect at once) and that the body is passed exactly as received."
                : failure == SignatureFailure.Expired || failure == SignatureFailure.FromTheFuture
                    ? "Check this machine's clock, or widen -Tolerance if the delay is expected."
                    : "Pass the X-Callbell-Signature header's value as -Signature, unchanged.";
        }

        public SignatureFailure Failure { get; }
    }
}
