using System.Text.Json.Serialization;

namespace Callbell
{
    /// <summary>
    /// The answer of an endpoint that returns no object: <c>{"status": "contact was destroyed"}</c>,
    /// <c>{"success": true}</c>, or nothing at all (204, an empty body).
    /// </summary>
    public sealed class ApiStatus : ApiObject
    {
        /// <summary>The server's words, when it sent any.</summary>
        public string? Status { get; set; }

        /// <summary>The server's success flag; true for a 2xx answer without a body.</summary>
        public bool? Success { get; set; }

        /// <summary>The HTTP status of the answer.</summary>
        [JsonIgnore]
        public int StatusCode { get; internal set; }

        public override string ToString() => Status ?? (Success == false ? "failed" : "ok");
    }
}
