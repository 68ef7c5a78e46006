using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Callbell.Sandbox;

namespace Callbell.Benchmarks
{
    /// <summary>What the module is measured against, fetching the very same pages.</summary>
    internal static class Baselines
    {
        /// <summary>
        /// Transfer only: the same batches, one after another as a cursor requires, bytes read
        /// and dropped but for the next cursor, found by a plain byte search. Whatever the module
        /// adds on top of this is its parsing and models.
        /// </summary>
        public static async Task<long> RawAsync(SandboxServer sandbox)
        {
            using var http = Http(sandbox.BaseUri, sandbox.Token);
            long bytes = 0;
            var marker = System.Text.Encoding.ASCII.GetBytes("\"next\":\"");
            for (var url = "contacts"; url != null; )
            {
                var body = await http.GetByteArrayAsync(url);
                bytes += body.Length;
                var at = body.AsSpan().LastIndexOf(marker);
                url = null;
                if (at >= 0)
                {
                    var start = at + marker.Length;
                    var end = Array.IndexOf(body, (byte)'"', start);
                    url = "contacts?after=" + System.Text.Encoding.ASCII.GetString(body, start, end - start);
                }
            }

            return bytes;
        }

        /// <summary>
        /// What a hand-written Invoke-RestMethod loop does: one batch at a time, each read as a
        /// string and turned into per-item dictionaries through a DOM, dates recognised on the
        /// way (ConvertFrom-Json turns date-like strings into DateTime), following meta.next.
        /// </summary>
        public static Task<long> NaiveAsync(SandboxServer sandbox) => NaiveAsync(sandbox.BaseUri, sandbox.Token);

        public static async Task<long> NaiveAsync(Uri baseUri, string token)
        {
            using var http = Http(baseUri, token);
            long items = 0;
            for (var url = "contacts"; url != null; )
            {
                var text = await http.GetStringAsync(url);
                using var document = JsonDocument.Parse(text);
                var list = document.RootElement.GetProperty("contacts");
                foreach (var element in list.EnumerateArray())
                {
                    var item = (Dictionary<string, object?>)Convert(element)!;
                    if (item.Count > 0)
                    {
                        items++;
                    }
                }

                url = document.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String
                    ? "contacts?after=" + Uri.EscapeDataString(next.GetString()!)
                    : null;
            }

            return items;
        }

        private static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in element.EnumerateObject())
                    {
                        map[property.Name] = Convert(property.Value);
                    }

                    return map;
                case JsonValueKind.Array:
                    var list = new List<object?>();
                    foreach (var item in element.EnumerateArray())
                    {
                        list.Add(Convert(item));
                    }

                    return list;
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    return text.Length >= 19 && char.IsDigit(text[0]) && text[4] == '-' && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : text;
                case JsonValueKind.Number:
                    return element.TryGetInt64(out var whole) ? whole : element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static HttpClient Http(Uri baseUri, string token)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = baseUri };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return http;
        }
    }
}
