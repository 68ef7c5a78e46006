using System;
using System.Globalization;

namespace Callbell.Http
{
    /// <summary>
    /// One attempt of one request, as -Verbose shows it. Holds the URL, never the token.
    /// </summary>
    public sealed class RequestLogEntry
    {
        public RequestLogEntry(string method, Uri uri, int? statusCode, TimeSpan elapsed, int attempt, int maxAttempts, string? failure, TimeSpan? retryDelay)
        {
            Method = method;
            Uri = uri;
            StatusCode = statusCode;
            Elapsed = elapsed;
            Attempt = attempt;
            MaxAttempts = maxAttempts;
            Failure = failure;
            RetryDelay = retryDelay;
        }

        public string Method { get; }

        public Uri Uri { get; }

        /// <summary>Null when no response arrived (timeout, dropped connection).</summary>
        public int? StatusCode { get; }

        public TimeSpan Elapsed { get; }

        public int Attempt { get; }

        public int MaxAttempts { get; }

        /// <summary>What went wrong when there was no usable response.</summary>
        public string? Failure { get; }

        /// <summary>Set when another attempt follows after this wait.</summary>
        public TimeSpan? RetryDelay { get; }

        /// <summary>How long the attempt waited for the account's rate budget (or a 429 pause) before it left.</summary>
        public TimeSpan RateWait { get; set; }

        /// <summary>Something the user should hear even without -Verbose (a delete taken as done).</summary>
        public string? Warning { get; set; }

        public override string ToString()
        {
            var outcome = StatusCode.HasValue ? StatusCode.Value.ToString(CultureInfo.InvariantCulture) : Failure ?? "no response";
            var text = Method + " " + Uri.AbsoluteUri + " -> " + outcome + " in " + Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
            if (RateWait.TotalMilliseconds >= 1)
            {
                text += " (waited " + RateWait.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms for the rate budget)";
            }

            if (RetryDelay.HasValue)
            {
                text += "; retrying in " + RetryDelay.Value.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s (attempt " + (Attempt + 1) + " of " + MaxAttempts + ")";
            }

            return text;
        }
    }

    /// <summary>Receives a <see cref="RequestLogEntry"/> per attempt, on whatever thread sent it.</summary>
    public interface IRequestObserver
    {
        void OnRequest(RequestLogEntry entry);
    }
}
