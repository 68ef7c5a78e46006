using System;

namespace Callbell
{
    /// <summary>The bot of a contact's conversation.</summary>
    public sealed class Bot : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        /// <summary>in_progress, started or ended.</summary>
        public string? Status { get; set; }

        public DateTimeOffset? ConversationStartedAt { get; set; }

        public int? Version { get; set; }

        public bool? LatestBotVersion { get; set; }

        /// <summary>The contact whose conversation this bot runs (set by the module).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? ContactUuid { get; internal set; }

        public override string ToString() => (Name ?? Uuid ?? string.Empty) + " (" + Status + ")";
    }
}
