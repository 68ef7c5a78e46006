using System;

namespace Callbell
{
    /// <summary>An agent in a team (GET /teams/{uuid}/members). The API gives members no uuid.</summary>
    public sealed class TeamMember : ApiObject
    {
        public string? Email { get; set; }

        public string? Name { get; set; }

        /// <summary>True when the agent is available, false when away.</summary>
        public bool? Available { get; set; }

        public DateTimeOffset? LastUpdatedAt { get; set; }

        /// <summary>team_membership_updated spells it lastUpdateAt.</summary>
        [System.Text.Json.Serialization.JsonInclude]
        [System.Text.Json.Serialization.JsonPropertyName("lastUpdateAt")]
        internal DateTimeOffset? MisspelledLastUpdatedAt
        {
            get => null;
            set => LastUpdatedAt ??= value;
        }

        /// <summary>The agent's custom status (e.g. "In a meeting"), if one is set.</summary>
        public MemberCustomStatus? UserCustomStatus { get; set; }

        /// <summary>The team the member was listed for (set by the module, not sent by the API).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? TeamUuid { get; internal set; }

        public override string ToString() => Name ?? Email ?? string.Empty;
    }

    /// <summary>A member's custom status as the members list shows it.</summary>
    public sealed class MemberCustomStatus : ApiObject
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Emoji { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        public override string ToString() => ((Emoji ?? string.Empty) + " " + (Name ?? string.Empty)).Trim();
    }
}
