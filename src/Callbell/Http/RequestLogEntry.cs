using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Callbell.Http
{
    /// <summary>
    /// One attempt of one request, as -Verbose, -Debug and Get-CallbellRequestLog show it. Holds
    /// the URL, never the token: headers and body previews come masked.
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

        /// <summary>When the attempt left (after any wait for the rate budget).</summary>
        public DateTimeOffset StartedAt { get; internal set; }

        /// <summary>The session (PowerShell runspace) that sent it; null outside PowerShell.</summary>
        public Guid? Session { get; internal set; }

        /// <summary>The ErrorId a failure of this attempt carries (Callbell.RateLimited.429); null for a success.</summary>
        public string? ErrorId { get; internal set; }

        /// <summary>The answer's rate-limit headers (X-RateLimit-*, RateLimit-*, Retry-After), if it sent any.</summary>
        public string? RateLimit => Detail?.RateLimit();

        /// <summary>Request headers, the authorization masked.</summary>
        public IReadOnlyDictionary<string, string> RequestHeaders => Detail?.RequestHeaders ?? AttemptDetail.NoHeaders;

        /// <summary>Response headers; empty when no answer arrived.</summary>
        public IReadOnlyDictionary<string, string> ResponseHeaders => Detail?.ResponseHeaders ?? AttemptDetail.NoHeaders;

        /// <summary>The start of the request body, secret fields masked.</summary>
        public string? RequestBody => Detail?.RequestBody;

        /// <summary>The start of the response body, secret fields masked.</summary>
        public string? ResponseBody => Detail?.ResponseBody;

        /// <summary>Every value of each response header, for -ResponseHeadersVariable.</summary>
        internal IReadOnlyDictionary<string, string[]>? ResponseHeaderValues => Detail?.ResponseHeaderValues;

        /// <summary>What the attempt sent and got back, formatted when one of the properties above is first read.</summary>
        internal AttemptDetail? Detail { get; set; }

        /// <summary>The account that sent it (see <see cref="CallbellConnection.Account"/>).</summary>
        internal string? Account { get; set; }

        /// <summary>Everything known about the attempt, over several lines: what -Debug writes.</summary>
        public string ToDebugString()
        {
            var text = new StringBuilder(ToString());
            text.Append("\n  at ").Append(StartedAt.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture));
            if (ErrorId != null)
            {
                text.Append("; ").Append(ErrorId);
            }

            foreach (var header in RequestHeaders)
            {
                text.Append("\n  > ").Append(header.Key).Append(": ").Append(header.Value);
            }

            if (RequestBody != null)
            {
                text.Append("\n  > ").Append(RequestBody);
            }

            foreach (var header in ResponseHeaders)
            {
                text.Append("\n  < ").Append(header.Key).Append(": ").Append(header.Value);
            }

            if (ResponseBody != null)
            {
                text.Append("\n  < ").Append(ResponseBody);
            }

            return text.ToString();
        }

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
