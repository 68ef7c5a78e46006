using System.Text.Json.Serialization;

namespace Callbell
{
    /// <summary>Who a token belongs to (GET /auth/me).</summary>
    public sealed class AuthenticatedUser : ApiObject
    {
        [JsonPropertyName("user_email")]
        public string? Email { get; set; }

        [JsonPropertyName("user_name")]
        public string? Name { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        /// <summary>
        /// /auth/me echoes the token as api_key. It is read here only so that it does not land in
        /// <see cref="ApiObject.AdditionalFields"/>, where it would reach output and logs; it is then dropped.
        /// </summary>
        [JsonInclude, JsonPropertyName("api_key")]
        internal string? ApiKey
        {
            get => null;
            set { }
        }

        public override string ToString() => Name + " <" + Email + ">";
    }
}
