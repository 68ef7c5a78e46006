using System;

namespace Callbell.Sandbox.Faults
{
    /// <summary>
    /// When and how to misbehave: which requests match (path prefix, page), how often (every
    /// Nth match, with a probability), and how many times in all.
    /// </summary>
    public sealed class FaultRule
    {
        private int _matches;

        public FaultRule(FaultKind kind)
        {
            Kind = kind;
        }

        public FaultKind Kind { get; }

        /// <summary>Only requests whose path starts with this, e.g. "/v1/contacts". Null: all.</summary>
        public string? Path { get; set; }

        /// <summary>Only requests with this method, e.g. "POST". Null: all.</summary>
        public string? Method { get; set; }

        /// <summary>The "error" text of an ApiError.</summary>
        public string Message { get; set; } = "The request failed";

        /// <summary>The stable "code" of an ApiError, or null for none.</summary>
        public string? Code { get; set; }

        /// <summary>Only requests for this page. Null: any page.</summary>
        public int? Page { get; set; }

        /// <summary>Let this many matching requests through before firing (the third batch of a cursor walk: PassFirst = 2).</summary>
        public int PassFirst { get; set; }

        /// <summary>Fire on every Nth matching request (1: every one).</summary>
        public int Every { get; set; } = 1;

        /// <summary>Chance of firing on an eligible request, from a seeded generator.</summary>
        public double Probability { get; set; } = 1.0;

        /// <summary>How many more times to fire; -1 for no limit.</summary>
        public int Times { get; set; } = -1;

        /// <summary>The status of a ServerError.</summary>
        public int Status { get; set; } = 500;

        /// <summary>The Retry-After of a RateLimit.</summary>
        public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Send Retry-After as an HTTP date instead of seconds.</summary>
        public bool RetryAfterAsDate { get; set; }

        /// <summary>Send a 429 with no Retry-After, so the client must back off on its own.</summary>
        public bool OmitRetryAfter { get; set; }

        /// <summary>The extra delay of Slow; the gap between bytes of DripBody.</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Where a Redirect points. Default: a host that does not exist.</summary>
        public System.Uri? RedirectTo { get; set; }

        /// <summary>The body size of HugeBody.</summary>
        public long HugeBytes { get; set; } = 300L * 1024 * 1024;

        internal bool Matches(string method, string path, int page)
        {
            if (Times == 0 || (Method != null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) || (Path != null && !path.StartsWith(Path, StringComparison.Ordinal)) || (Page.HasValue && Page.Value != page))
            {
                return false;
            }

            if (++_matches <= PassFirst)
            {
                return false;
            }

            return (_matches - PassFirst) % Math.Max(1, Every) == 0;
        }
    }
}
