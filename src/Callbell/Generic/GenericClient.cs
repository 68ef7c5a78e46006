using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Json;

namespace Callbell.Generic
{
    /// <summary>
    /// Any endpoint, for those newer than the module: the connection's auth, rate limit, retries
    /// (by the same safe-to-repeat rule), errors and paging, with the answer as plain values.
    /// </summary>
    public sealed class GenericClient
    {
        /// <summary>A walk stops after this many pages whatever the server says.</summary>
        public const int MaxPages = 100_000;

        private readonly CallbellClient _client;

        internal GenericClient(CallbellClient client)
        {
            _client = client;
        }

        /// <summary>Builds a request from a method, a path relative to the base URI ("contacts/abc"), query values and a body.</summary>
        public static ApiRequest Build(string method, string path, IDictionary? query, object? body)
        {
            var verb = (method ?? string.Empty).Trim().ToUpperInvariant();
            if (verb != "GET" && verb != "POST" && verb != "PUT" && verb != "PATCH" && verb != "DELETE")
            {
                throw CallbellException.InvalidArgument("Method", "Method must be GET, POST, PUT, PATCH or DELETE.");
            }

            var request = new ApiRequest(new HttpMethod(verb), string.Empty);
            var trimmed = (path ?? string.Empty).Trim().Trim('/');
            if (trimmed.StartsWith("v1/", StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed.Substring(3);
            }

            if (trimmed.Length == 0)
            {
                throw CallbellException.InvalidArgument("Path", "Path is empty.", "Pass the path after /v1/, e.g. -Path contacts.");
            }

            foreach (var segment in trimmed.Split('/'))
            {
                var phone = segment.Length > 0 && (segment[0] == '+' || char.IsDigit(segment[0])) && segment.Contains(" ");
                request.Segment(Uri.UnescapeDataString(segment), "Path", phone ? IdentifierKind.PhoneNumber : IdentifierKind.Identifier);
            }

            if (query != null)
            {
                foreach (DictionaryEntry entry in query)
                {
                    var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    request.Query(name, QueryText(entry.Value), "Query");
                }
            }

            if (body != null)
            {
                request.WithBody(Body(body));
            }

            return request;
        }

        /// <summary>Sends <paramref name="request"/> and returns the body as text (empty for 204).</summary>
        public async Task<string> SendTextAsync(ApiRequest request, CancellationToken cancellationToken = default)
        {
            using var response = await _client.Connection.SendAsync(request, _client.Observer, cancellationToken).ConfigureAwait(false);
            return response.Length == 0 ? string.Empty : Encoding.UTF8.GetString(response.Body.ToArray());
        }

        /// <summary>Sends <paramref name="request"/> and returns the body as plain values (null for an empty body).</summary>
        public async Task<object?> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
        {
            using var response = await _client.Connection.SendAsync(request, _client.Observer, cancellationToken).ConfigureAwait(false);
            return response.Length == 0 ? null : Parse(response);
        }

        /// <summary>
        /// Every item of a list, page after page: by cursor (<c>after</c> = <c>meta.next</c>) while the
        /// server sends one, else by page number up to <c>meta.pages</c>, else until an empty or
        /// repeated page. Items are under <paramref name="itemsKey"/>, or the response's first array.
        /// </summary>
        public async IAsyncEnumerable<object?> WalkAsync(ApiRequest first, string? itemsKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var request = first;
            var page = 1;
            var seen = new HashSet<ulong>();
            for (var i = 0; i < MaxPages; i++)
            {
                using var response = await _client.Connection.SendAsync(request, _client.Observer, cancellationToken).ConfigureAwait(false);
                if (!seen.Add(response.Fingerprint()))
                {
                    yield break;
                }

                var root = Parse(response) as OrderedDictionary
                    ?? throw ResponseReader.Invalid(response, "The response is not a JSON object, so it has no list to walk.", null);
                var items = Items(root, itemsKey) ?? throw ResponseReader.Invalid(response, "The response has no " + (itemsKey ?? "array") + " to walk; name it with -ItemsKey.", null);
                foreach (var item in items)
                {
                    yield return item;
                }

                var meta = root["meta"] as OrderedDictionary;
                if (meta?["next"] is string next && next.Length > 0)
                {
                    request = request.WithQuery("page", null).WithQuery("after", next);
                }
                else if (items.Length > 0 && meta?["pages"] is decimal pages && page < pages)
                {
                    request = request.WithQuery("page", (++page).ToString(CultureInfo.InvariantCulture));
                }
                else if (items.Length > 0 && meta is null)
                {
                    // No meta at all (older lists): the next page number, until an empty or repeated page.
                    request = request.WithQuery("page", (++page).ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    yield break;
                }
            }
        }

        private static object? Parse(ApiResponse response)
        {
            try
            {
                var reader = new Utf8JsonReader(response.Body, new JsonReaderOptions { MaxDepth = 64 });
                reader.Read();
                return PlainJson.Read(ref reader);
            }
            catch (JsonException ex)
            {
                throw ResponseReader.Invalid(response, "The response is not JSON: " + ex.Message, ex);
            }
        }

        private static object?[]? Items(OrderedDictionary root, string? key)
        {
            if (key != null)
            {
                return root[key] as object?[];
            }

            foreach (DictionaryEntry entry in root)
            {
                if (entry.Value is object?[] items)
                {
                    return items;
                }
            }

            return null;
        }

        private static string? QueryText(object? value) => value switch
        {
            null => null,
            bool flag => flag ? "true" : "false",
            string text => text,
            IEnumerable items => string.Join(",", ToStrings(items)),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        private static IEnumerable<string> ToStrings(IEnumerable items)
        {
            foreach (var item in items)
            {
                yield return Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static JsonBody Body(object body)
        {
            IDictionary map;
            if (body is string text)
            {
                try
                {
                    var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
                    reader.Read();
                    map = PlainJson.Read(ref reader) as IDictionary ?? throw new JsonException("not an object");
                }
                catch (JsonException ex)
                {
                    throw CallbellException.InvalidArgument("Body", "Body is not a JSON object: " + ex.Message, "Pass a hashtable (@{ name = 'x' }) or JSON object text.");
                }
            }
            else
            {
                map = body as IDictionary ?? throw CallbellException.InvalidArgument("Body", "Body must be a hashtable, an object or JSON object text.");
            }

            var json = new JsonBody();
            foreach (DictionaryEntry entry in map)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (entry.Value is null)
                {
                    json.Null(key);
                }
                else
                {
                    json.Set(key, entry.Value);
                }
            }

            return json;
        }
    }
}
