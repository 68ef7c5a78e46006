using System;
using System.Net;

namespace Callbell
{
    /// <summary>
    /// A request that failed after any retries: carries the method, the URL (never the token),
    /// the HTTP status when there was one, and the server's own words.
    /// </summary>
    public class CallbellApiException : CallbellException
    {
        public CallbellApiException(
            CallbellErrorKind kind,
            string method,
            Uri requestUri,
            int? statusCode,
            string? responseBody,
            int attempts,
            string detail,
            Exception? innerException = null)
            : base(kind, ErrorIdFor(kind, statusCode), Compose(method, requestUri, statusCode, responseBody, attempts, detail), innerException)
        {
            Method = method;
            RequestUri = requestUri;
            StatusCode = statusCode;
            ResponseBody = responseBody;
            Attempts = attempts;
        }

        public string Method { get; }

        public Uri RequestUri { get; }

        /// <summary>The HTTP status of the last attempt; null when no response arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The server's body text (shortened, token masked).</summary>
        public string? ResponseBody { get; }

        public int Attempts { get; }

        private static string Compose(string method, Uri uri, int? status, string? body, int attempts, string detail)
        {
            var text = method + " " + uri.AbsoluteUri + " failed";
            if (status.HasValue)
            {
                text += ": " + status.Value + " " + ReasonPhrase(status.Value);
            }

            text += ". " + detail;
            if (attempts > 1)
            {
                text += " (" + attempts + " attempts)";
            }

            if (!string.IsNullOrWhiteSpace(body))
            {
                text += " Server said: " + body;
            }

            return text;
        }

        private static string ReasonPhrase(int status)
        {
            var name = ((HttpStatusCode)status).ToString();
            return name == status.ToString(System.Globalization.CultureInfo.InvariantCulture) ? string.Empty : name;
        }

        private static string ErrorIdFor(CallbellErrorKind kind, int? status)
        {
            return status.HasValue ? "Callbell." + kind + "." + status.Value : "Callbell." + kind;
        }
    }
}
