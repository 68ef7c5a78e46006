using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Callbell.Json;

namespace Callbell.Http
{
    /// <summary>
    /// What one attempt sent and got back, for -Debug and the request log: headers with the
    /// authorization and cookies masked, and the start of each body with secret fields and the
    /// token masked. Bodies are cut at <see cref="PreviewChars"/>, so a large page costs nothing.
    /// </summary>
    internal sealed class AttemptDetail
    {
        public const int PreviewChars = 1000;

        private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

        // A preview can end inside a secret's value: the masking of whole values misses that one.
        private static readonly Regex CutSecret = new Regex("(\"(?:api_key|apiKey|access_token)\"\\s*:\\s*)\"[^\"]*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly string[] RateLimitPrefixes = { "x-ratelimit", "ratelimit", "retry-after" };

        public IReadOnlyDictionary<string, string> RequestHeaders { get; private set; } = None;

        public IReadOnlyDictionary<string, string> ResponseHeaders { get; private set; } = None;

        /// <summary>Every value of each response header, as Invoke-RestMethod's -ResponseHeadersVariable gives them.</summary>
        public IReadOnlyDictionary<string, string[]>? ResponseHeaderValues { get; private set; }

        public string? RequestBody { get; private set; }

        public string? ResponseBody { get; set; }

        public void Sent(HttpRequestMessage message, HttpRequestHeaders defaults, byte[]? body, ApiToken token)
        {
            var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Add(headers, defaults, token);
            Add(headers, message.Headers, token);
            if (message.Content != null)
            {
                Add(headers, message.Content.Headers, token);
            }

            RequestHeaders = headers;
            RequestBody = body is null ? null : Preview(body, body.Length, token);
        }

        public void Received(HttpResponseMessage response, ApiToken token)
        {
            var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                values[header.Key] = header.Value.Select(v => Masked(header.Key, v, token)).ToArray();
            }

            ResponseHeaderValues = values;
            ResponseHeaders = new SortedDictionary<string, string>(values.ToDictionary(p => p.Key, p => string.Join(", ", p.Value)), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The rate-limit headers of the answer (X-RateLimit-*, RateLimit-*, Retry-After), or null.</summary>
        public string? RateLimit()
        {
            var found = ResponseHeaders.Where(h => RateLimitPrefixes.Any(p => h.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase))).Select(h => h.Key + "=" + h.Value).ToList();
            return found.Count == 0 ? null : string.Join("; ", found);
        }

        /// <summary>The start of a body as text: secret fields and the token masked, control characters blanked.</summary>
        public static string Preview(byte[] body, int length, ApiToken token)
        {
            // Decoded a little beyond the cut, so a secret that straddles it is still seen whole.
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(length, (PreviewChars * 4) + 512));
            text = SecretFields.MaskText(text);
            if (text.Length > PreviewChars)
            {
                text = text.Substring(0, PreviewChars);
                text = CutSecret.Replace(text, "$1\"" + SecretFields.Mask);
            }

            return MessageText.From(text, token, PreviewChars) + (length > PreviewChars ? " …(" + length + " bytes)" : string.Empty);
        }

        private static void Add(IDictionary<string, string> into, HttpHeaders headers, ApiToken token)
        {
            foreach (var header in headers)
            {
                into[header.Key] = string.Join(", ", header.Value.Select(v => Masked(header.Key, v, token)));
            }
        }

        private static string Masked(string name, string value, ApiToken token)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
            {
                var space = value.IndexOf(' ');
                return (space > 0 ? value.Substring(0, space + 1) : string.Empty) + (space > 0 && value.Substring(space + 1) == token.Reveal() ? token.Masked : SecretFields.Mask);
            }

            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                return SecretFields.Mask;
            }

            return MessageText.From(value, token, 2000);
        }
    }
}
