using System;
using System.Text.Json.Serialization;

namespace Callbell
{
    /// <summary>A Callbell contact: one person on one channel.</summary>
    public sealed class Contact : ApiObject
    {
        private string? _baseline;

        /// <summary>32 lowercase hex characters.</summary>
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        /// <summary>May be null for contacts known only by bsuid.</summary>
        public string? PhoneNumber { get; set; }

        /// <summary>whatsapp, instagram, facebook or telegram.</summary>
        public string? Source { get; set; }

        public TagList Tags { get; set; } = new TagList();

        /// <summary>The assigned agent's e-mail, or null.</summary>
        public string? AssignedUser { get; set; }

        public CustomFieldSet CustomFields { get; set; } = new CustomFieldSet();

        /// <summary>Value and declared type of each custom field; only with -IncludeFieldType.</summary>
        public CustomFieldMetadataSet? CustomFieldsMetadata { get; set; }

        /// <summary>
        /// With the field types known (-IncludeFieldType), a checkbox reads as its options, the
        /// real array the metadata holds, not the JSON-encoded string customFields sends.
        /// </summary>
        private protected override void OnRead()
        {
            ReadFieldTypes();

            // The baseline as read, before anything can change the object.
            _baseline = Contacts.ContactBaseline.Of(this);
        }

        private void ReadFieldTypes()
        {
            if (CustomFieldsMetadata is null)
            {
                return;
            }

            foreach (var field in CustomFieldsMetadata)
            {
                if (field.Value.Type == "checkbox" && field.Value.Value is string[] options && CustomFields.ContainsKey(field.Key))
                {
                    CustomFields[field.Key] = options;
                }
            }
        }

        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>Set while the conversation is closed.</summary>
        public DateTimeOffset? ClosedAt { get; set; }

        public DateTimeOffset? BlockedAt { get; set; }

        /// <summary>The funnel the conversation is in (a dashed GUID).</summary>
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

        /// <summary>
        /// The editable cells (Name, Tags, CustomFields, AssignedUser, TeamUuid, Note) as they were
        /// when the contact was read, as JSON. Export-Csv writes it as a column; when the file
        /// comes back, Set-CallbellContact applies only the cells edited since, so an old export
        /// cannot undo what changed in Callbell meanwhile.
        /// </summary>
        [JsonIgnore]
        public string Baseline => _baseline ??= Contacts.ContactBaseline.Of(this);

        public override string ToString() => Name ?? PhoneNumber ?? Uuid ?? string.Empty;
    }
}
