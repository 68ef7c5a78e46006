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
using Callbell.Paging;

namespace Callbell.Generic
{
    /// <summary>
    /// Any endpoint, for those newer than the module: the connection's auth, rate limit, retries
    /// (by the same safe-to-repeat rule), errors and paging, with the answer as plain values.
    /// </summary>
    public sealed class GenericClient
    {
        /// <summary>A walk stops after this many pages whatever the server says.</summary>

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
            using var response = await _client.Connection.SendAsync(request, _client.Observer, _client, cancellationToken).ConfigureAwait(false);
            return response.Length == 0 ? string.Empty : SecretFields.MaskText(_client.Connection.Token.Redact(Encoding.UTF8.GetString(response.Body.ToArray())));
        }

        /// <summary>Sends <paramref name="request"/> and returns the body as plain values (null for an empty body).</summary>
        public async Task<object?> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
        {
            using var response = await _client.Connection.SendAsync(request, _client.Observer, _client, cancellationToken).ConfigureAwait(false);
            return response.Length == 0 ? null : Parse(response);
        }

        /// <summary>
        /// One page of a list (<paramref name="position"/>: a page number, or a cursor sent as
        /// <c>after</c>), its items under <paramref name="itemsKey"/> or the answer's first array,
        /// its <c>meta</c> read for the walk.
        /// </summary>
        public async Task<Page<object?>> GetPageAsync(ApiRequest request, string? itemsKey, PagePosition position, CancellationToken cancellationToken = default)
        {
            var positioned = position.After != null
                ? request.WithQuery("page", null).WithQuery("after", position.After)
                : request.WithQuery("page", position.Page > 1 ? position.Page.ToString(CultureInfo.InvariantCulture) : null);
            using var response = await _client.Connection.SendAsync(positioned, _client.Observer, _client, cancellationToken).ConfigureAwait(false);
            var root = Parse(response) as OrderedDictionary
                ?? throw ResponseReader.Invalid(response, "The response is not a JSON object, so it has no list to walk.", null);
            var items = Items(root, itemsKey) ?? throw ResponseReader.Invalid(response, "The response has no " + (itemsKey ?? "array") + " to walk; name it with -ItemsKey.", null);
            PageMeta? meta = null;
            if (root["meta"] is OrderedDictionary fields)
            {
                meta = new PageMeta { Page = Whole(fields["page"]), Pages = Whole(fields["pages"]), Next = fields["next"] as string };
            }

            return new Page<object?>(position.Page, items, meta, response.Fingerprint(), position.After);
        }

        /// <summary>
        /// Every page of a list, through the walker every list of the module uses: by cursor
        /// (<c>after</c> = <c>meta.next</c>) while the server sends one, else by page number with
        /// lookahead; items with a uuid or id are de-duplicated; a walk that stops early says so.
        /// </summary>
        public IAsyncEnumerable<Page<object?>> ListPagesAsync(ApiRequest request, string? itemsKey, PagePosition start, CancellationToken cancellationToken = default) =>
            CursorWalker.WalkAsync((position, ct) => GetPageAsync(request, itemsKey, position, ct), start, _client.Connection.Options.Lookahead, Identity, cancellationToken);

        /// <summary>Every item of a list, page after page (see <see cref="ListPagesAsync"/>).</summary>
        public IAsyncEnumerable<object?> WalkAsync(ApiRequest first, string? itemsKey, CancellationToken cancellationToken = default) =>
            PageWalker.ItemsAsync(ListPagesAsync(first, itemsKey, PagePosition.First, cancellationToken), cancellationToken);

        private static string? Identity(object? item) =>
            item is OrderedDictionary map ? (map["uuid"] ?? map["id"]) as string : null;

        private static int? Whole(object? value) => value is decimal number && number >= 0 && number <= int.MaxValue ? (int)number : (int?)null;

        private static object? Parse(ApiResponse response)
        {
            try
            {
                var reader = new Utf8JsonReader(response.Body, new JsonReaderOptions { MaxDepth = 64 });
                reader.Read();
                return SecretFields.MaskValues(PlainJson.Read(ref reader));
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
