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
    /// token masked. An attempt keeps the headers as they came and at most
    /// <see cref="PreviewBytes"/> of each body; masking, sorting and decoding wait until someone
    /// reads them, which most attempts never are.
    /// </summary>
    internal sealed class AttemptDetail
    {
        public const int PreviewChars = 1000;

        /// <summary>How much of a body a preview decodes: a little beyond the cut, so a secret that straddles it is still seen whole.</summary>
        public const int PreviewBytes = (PreviewChars * 4) + 512;

        public static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

        // A preview can end inside a secret's value: the masking of whole values misses that one.
        private static readonly Regex CutSecret = new Regex("(\"(?:api_key|apiKey|access_token)\"\\s*:\\s*)\"[^\"]*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly string[] RateLimitPrefixes = { "x-ratelimit", "ratelimit", "retry-after" };

        private readonly ApiToken _token;
        private readonly List<KeyValuePair<string, string[]>> _sent = new List<KeyValuePair<string, string[]>>();
        private List<KeyValuePair<string, string[]>>? _received;
        private byte[]? _requestBody;
        private int _requestLength;
        private byte[]? _responseBody;
        private int _responseLength;
        private string? _responseText;

        private IReadOnlyDictionary<string, string>? _requestHeaders;
        private IReadOnlyDictionary<string, string>? _responseHeaders;
        private IReadOnlyDictionary<string, string[]>? _responseHeaderValues;
        private string? _requestPreview;

        public AttemptDetail(ApiToken token)
        {
            _token = token;
        }

        public IReadOnlyDictionary<string, string> RequestHeaders => _requestHeaders ??= Joined(Masked(_sent));

        public IReadOnlyDictionary<string, string> ResponseHeaders => _received is null ? NoHeaders : _responseHeaders ??= Joined(ResponseHeaderValues!);

        /// <summary>Every value of each response header, as Invoke-RestMethod's -ResponseHeadersVariable gives them; null when no answer came.</summary>
        public IReadOnlyDictionary<string, string[]>? ResponseHeaderValues => _received is null ? null : _responseHeaderValues ??= Masked(_received);

        public string? RequestBody => _requestBody is null ? null : _requestPreview ??= Preview(_requestBody, _requestLength, _token);

        public string? ResponseBody => _responseText ??= _responseBody is null ? null : Preview(_responseBody, _responseLength, _token);

        public void Sent(HttpRequestMessage message, HttpRequestHeaders defaults, byte[]? body)
        {
            Keep(_sent, defaults);
            Keep(_sent, message.Headers);
            if (message.Content != null)
            {
                Keep(_sent, message.Content.Headers);
            }

            if (body != null)
            {
                _requestBody = body.Length <= PreviewBytes ? body : Start(body, body.Length);
                _requestLength = body.Length;
            }
        }

        public void Received(HttpResponseMessage response)
        {
            var received = new List<KeyValuePair<string, string[]>>();
            Keep(received, response.Headers);
            Keep(received, response.Content.Headers);
            _received = received;
        }

        /// <summary>Keeps the start of a body of <paramref name="length"/> bytes (of which <paramref name="bytes"/> holds at least the start) for its preview.</summary>
        public void ReceivedBody(ReadOnlySpan<byte> bytes, int length)
        {
            if (length > 0)
            {
                _responseBody = bytes.Slice(0, Math.Min(length, Math.Min(bytes.Length, PreviewBytes))).ToArray();
                _responseLength = length;
            }
        }

        /// <summary>The body as something else already described it (an answer that was not JSON).</summary>
        public void ReceivedText(string? text) => _responseText = text;

        /// <summary>The rate-limit headers of the answer (X-RateLimit-*, RateLimit-*, Retry-After), or null.</summary>
        public string? RateLimit()
        {
            var found = ResponseHeaders.Where(h => RateLimitPrefixes.Any(p => h.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase))).Select(h => h.Key + "=" + h.Value).ToList();
            return found.Count == 0 ? null : string.Join("; ", found);
        }

        /// <summary>The start of a body as text: secret fields and the token masked, control characters blanked.</summary>
        public static string Preview(byte[] body, int length, ApiToken token)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(Math.Min(length, body.Length), PreviewBytes));
            text = SecretFields.MaskText(text);
            if (text.Length > PreviewChars)
            {
                text = text.Substring(0, PreviewChars);
                text = CutSecret.Replace(text, "$1\"" + SecretFields.Mask);
            }

            return MessageText.From(text, token, PreviewChars) + (length > PreviewChars ? " …(" + length + " bytes)" : string.Empty);
        }

        private static void Keep(List<KeyValuePair<string, string[]>> into, HttpHeaders headers)
        {
            foreach (var header in headers)
            {
                into.Add(new KeyValuePair<string, string[]>(header.Key, header.Value as string[] ?? header.Value.ToArray()));
            }
        }

        private static byte[] Start(byte[] body, int length) => new ReadOnlySpan<byte>(body, 0, Math.Min(length, PreviewBytes)).ToArray();

        private static IReadOnlyDictionary<string, string> Joined(IReadOnlyDictionary<string, string[]> values)
        {
            var joined = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in values)
            {
                joined[header.Key] = string.Join(", ", header.Value);
            }

            return joined;
        }

        private Dictionary<string, string[]> Masked(List<KeyValuePair<string, string[]>> headers)
        {
            // Later ones win, as they would on the wire: the message's own over the defaults.
            var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in headers)
            {
                values[header.Key] = Array.ConvertAll(header.Value, v => Masked(header.Key, v, _token));
            }

            return values;
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
