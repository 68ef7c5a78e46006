using System.Collections.Generic;
using System.Text;

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

        public static SandboxResponse Error(int status, string message) =>
            Json(status, "{\"error\":\"" + message.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}");
    }
}
