using System;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>A Callbell contact: one person on one channel.</summary>
    public sealed class Contact : ApiObject
    {
        private string? _createdAtText;
        private string? _blockedAtText;
        private string? _closedAtText;

        /// <summary>32 lowercase hex characters.</summary>
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        public string? PhoneNumber { get; set; }

        /// <summary>whatsapp, instagram, facebook or telegram.</summary>
        public string? Source { get; set; }

        public TagList Tags { get; set; } = new TagList();

        /// <summary>The assigned agent's e-mail, or null.</summary>
        public string? AssignedUser { get; set; }

        public CustomFieldSet CustomFields { get; set; } = new CustomFieldSet();

        /// <summary>Value and declared type of each custom field; only with -IncludeFieldType.</summary>
        public CustomFieldMetadataSet? CustomFieldsMetadata { get; set; }

        [JsonIgnore]
        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary>Set while the conversation is closed.</summary>
        [JsonIgnore]
        public DateTimeOffset? ClosedAt { get; private set; }

        [JsonIgnore]
        public DateTimeOffset? BlockedAt { get; private set; }

        public string? FunnelId { get; set; }

        public Team? Team { get; set; }

        public Channel? Channel { get; set; }

        /// <summary>The team's uuid, as its own column so a CSV round trip can set it back.</summary>
        [JsonIgnore]
        public string? TeamUuid => Team?.Uuid;

        [JsonIgnore]
        public string? ChannelUuid => Channel?.Uuid;

        /// <summary>Business-scoped user id (WhatsApp usernames).</summary>
        public string? Bsuid { get; set; }

        /// <summary>The contact's note, up to 1000 characters.</summary>
        public string? Note { get; set; }

        public string? AvatarUrl { get; set; }

        /// <summary>The contact in the Callbell dashboard.</summary>
        public string? Href { get; set; }

        public string? ConversationHref { get; set; }

        [JsonInclude, JsonPropertyName("createdAt"), JsonConverter(typeof(TextConverter))]
        internal string? CreatedAtText
        {
            get => _createdAtText;
            set { _createdAtText = value; CreatedAt = ReadDate(value, "createdAt"); }
        }

        [JsonInclude, JsonPropertyName("closedAt"), JsonConverter(typeof(TextConverter))]
        internal string? ClosedAtText
        {
            get => _closedAtText;
            set { _closedAtText = value; ClosedAt = ReadDate(value, "closedAt"); }
        }

        [JsonInclude, JsonPropertyName("blockedAt"), JsonConverter(typeof(TextConverter))]
        internal string? BlockedAtText
        {
            get => _blockedAtText;
            set { _blockedAtText = value; BlockedAt = ReadDate(value, "blockedAt"); }
        }

        public override string ToString() => Name ?? PhoneNumber ?? Uuid ?? string.Empty;
    }
}
