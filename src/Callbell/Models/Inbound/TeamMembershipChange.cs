using System;
using System.Text.Json.Serialization;

namespace Callbell.Webhooks
{
    /// <summary>
    /// The payload of team_membership_updated. Callbell spells the date lastUpdateAt here (and in
    /// the user, which has no name); it is read into <see cref="LastUpdatedAt"/> like everywhere else.
    /// </summary>
    public sealed class TeamMembershipChange : ApiObject
    {
        public Team? Team { get; set; }

        public TeamMember? User { get; set; }

        /// <summary>agent_added or agent_removed.</summary>
        public string? Reason { get; set; }

        public DateTimeOffset? LastUpdatedAt { get; set; }

        [JsonInclude]
        [JsonPropertyName("lastUpdateAt")]
        internal DateTimeOffset? MisspelledLastUpdatedAt
        {
            get => null;
            set => LastUpdatedAt ??= value;
        }

        public override string ToString() => (User?.ToString() ?? string.Empty) + " " + Reason + " " + Team;
    }
}
