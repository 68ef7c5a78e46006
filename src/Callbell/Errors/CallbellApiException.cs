using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace Callbell
{
    /// <summary>
    /// A request that failed after any retries: carries the method, the URL (never the token),
    /// the HTTP status when there was one, the server's own words, and, when the body is the
    /// documented error shape, its code and the parameters it rejected.
    /// </summary>
    public class CallbellApiException : CallbellException
    {
        private static readonly IReadOnlyDictionary<string, string[]> NoParameters = new Dictionary<string, string[]>();

        public CallbellApiException(
            CallbellErrorKind kind,
            string method,
            Uri requestUri,
            int? statusCode,
            string? responseBody,
            int attempts,
            string detail,
            Exception? innerException = null,
            ApiErrorBody? error = null,
            RequestDelivery? delivery = null,
            string? errorCode = null)
            : base(kind, ErrorIdFor(kind, statusCode, error?.Code ?? errorCode), Compose(method, requestUri, statusCode, responseBody, attempts, detail, error), innerException)
        {
            Method = method;
            RequestUri = requestUri;
            StatusCode = statusCode;
            ResponseBody = responseBody;
            Attempts = attempts;
            Delivery = UnreadableSuccess(method, statusCode) ? RequestDelivery.Unknown : delivery ?? (statusCode.HasValue ? RequestDelivery.Answered : RequestDelivery.Unknown);
            ErrorCode = error?.Code ?? errorCode;
            ParameterErrors = error?.ParameterErrors ?? NoParameters;
            if (ParameterErrors.Count > 0)
            {
                ParameterName = string.Join(", ", ParameterErrors.Keys.Select(ApiErrorBody.PowerShellName));
            }
        }

        /// <summary>
        /// A 2xx that could not be read, to a request that changes something: the server said it
        /// succeeded, but not what it did, so whether the change happened is not known. Treating it
        /// as refused would let a re-run send the message again.
        /// </summary>
        private static bool UnreadableSuccess(string method, int? statusCode) =>
            statusCode >= 200 && statusCode < 300
            && !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);

        internal static readonly IReadOnlyDictionary<string, string[]> NoHeaders = new Dictionary<string, string[]>();

        public string Method { get; }

        /// <summary>The headers of the last answer (rate-limit headers, request ids); empty when none arrived.</summary>
        public IReadOnlyDictionary<string, string[]> ResponseHeaders { get; internal set; } = NoHeaders;

        /// <inheritdoc />
        public override bool MayHaveTakenEffect =>
            Delivery == RequestDelivery.Unknown || (Delivery == RequestDelivery.Answered && StatusCode >= 500);

        public Uri RequestUri { get; }

        /// <summary>The HTTP status of the last attempt; null when no response arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>The server's body text (token masked, control characters blanked).</summary>
        public string? ResponseBody { get; }

        public int Attempts { get; }

        /// <summary>The API's stable error code (e.g. whatsapp_wallet_depleted_credit), when it sent one.</summary>
        public string? ErrorCode { get; }

        /// <summary>API parameter name (snake_case) → the server's messages, for validation errors.</summary>
        public IReadOnlyDictionary<string, string[]> ParameterErrors { get; }

        private static string Compose(string method, Uri uri, int? status, string? body, int attempts, string detail, ApiErrorBody? error)
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

            if (error != null)
            {
                text += " Server said: " + error.Describe();
            }
            else if (!string.IsNullOrWhiteSpace(body))
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

        internal static string ErrorIdFor(CallbellErrorKind kind, int? status, string? code)
        {
            // A server's code goes into the ErrorId only as a plain word: letters, digits, '_', '-', '.'.
            var name = code != null && code.Length <= 64 && code.Length > 0 && code.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')
                ? code
                : kind.ToString();
            return status.HasValue ? "Callbell." + name + "." + status.Value : "Callbell." + name;
        }
    }
}
