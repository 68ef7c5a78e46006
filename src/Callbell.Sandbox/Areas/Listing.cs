using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    /// <summary>The answer of a number-paged list: {key: [...], meta: {page, pages}}.</summary>
    internal static class Listing
    {
        public static SandboxResponse Page(SandboxCall call, IEnumerable<JsonObject> items, string key, int? pageSize = null, bool meta = true)
        {
            var page = call.Page ?? 1;
            if (page < 1)
            {
                return SandboxResponse.Invalid("page", "must be a positive number");
            }

            var all = items.ToList();
            var size = pageSize ?? call.State.Options.ListPageSize;
            var body = new JsonObject { [key] = new JsonArray(all.Skip((page - 1) * size).Take(size).Select(i => (JsonNode)i.DeepClone()).ToArray()) };
            if (meta)
            {
                body["meta"] = new JsonObject { ["page"] = page, ["pages"] = (all.Count + size - 1) / size };
            }

            return SandboxResponse.Ok(body);
        }

        public static SandboxResponse One(string key, JsonNode item, bool wrapped = false) =>
            SandboxResponse.Ok(new JsonObject { [key] = wrapped ? new JsonArray(item.DeepClone()) : item.DeepClone() });

        public static JsonObject? Find(IEnumerable<JsonObject> items, string key, string value) =>
            items.FirstOrDefault(i => (string?)i[key] == value);

        public static string? Text(JsonObject? body, string key) =>
            body != null && body.TryGetPropertyValue(key, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
