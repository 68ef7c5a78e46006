using System;
using System.Text.Json.Serialization;

namespace Callbell
{
    /// <summary>A user's status after PUT /users/{uuid}/status: appearance and custom status, in the API's snake_case.</summary>
    public sealed class UserStatus : ApiObject
    {
        [JsonPropertyName("custom_status")]
        public UserCustomStatus? CustomStatus { get; set; }

        [JsonPropertyName("appearance")]
        public UserAppearance? Appearance { get; set; }

        /// <summary>The user the status belongs to (set by the module: the API does not echo it).</summary>
        [JsonIgnore]
        public string? UserUuid { get; internal set; }

        [JsonIgnore]
        public bool? Available => Appearance?.Available;

        public override string ToString() => (Available == true ? "available" : Available == false ? "away" : "unknown") + (CustomStatus?.Name != null ? " (" + CustomStatus.Name + ")" : string.Empty);
    }

    public sealed class UserCustomStatus : ApiObject
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("last_updated_at")]
        public DateTimeOffset? LastUpdatedAt { get; set; }

        public override string ToString() => Name ?? Id ?? string.Empty;
    }

    public sealed class UserAppearance : ApiObject
    {
        [JsonPropertyName("available")]
        public bool? Available { get; set; }

        [JsonPropertyName("last_updated_at")]
        public DateTimeOffset? LastUpdatedAt { get; set; }

        public override string ToString() => Available == true ? "available" : "away";
    }
}
