using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbell.Sandbox.Http
{
    /// <summary>What a route answers, before faults get a say.</summary>
    public sealed class SandboxResponse
    {
        public SandboxResponse(int status, byte[] body, string contentType = "application/json; charset=utf-8")
        {
            Status = status;
            Body = body;
            ContentType = contentType;
        }

        public int Status { get; }

        public byte[] Body { get; }

        public string ContentType { get; }

        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public static SandboxResponse Json(int status, string json) => new SandboxResponse(status, Encoding.UTF8.GetBytes(json));

        /// <summary>The documented error body: {"error": "text"}, with a stable "code" when given.</summary>
        public static SandboxResponse Error(int status, string message, string? code = null)
        {
            var body = new JsonObject { ["error"] = message };
            if (code != null)
            {
                body["code"] = code;
            }

            return Json(status, body);
        }

        /// <summary>A validation error: {"error": {"param": ["message", …]}}.</summary>
        public static SandboxResponse Invalid(string parameter, params string[] messages)
        {
            var list = new JsonArray();
            foreach (var message in messages)
            {
                list.Add(message);
            }

            return Json(422, new JsonObject { ["error"] = new JsonObject { [parameter] = list } });
        }

        public static SandboxResponse Json(int status, JsonNode body) =>
            new SandboxResponse(status, Encoding.UTF8.GetBytes(body.ToJsonString(Options)));

        public static SandboxResponse Ok(JsonNode body) => Json(200, body);

        /// <summary>A success without a body (204, or the empty 200 of user status delete).</summary>
        public static SandboxResponse Empty(int status) => new SandboxResponse(status, new byte[0]);

        // Like the real API: "+" and non-ASCII letters as they are, not as \u escapes.
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
