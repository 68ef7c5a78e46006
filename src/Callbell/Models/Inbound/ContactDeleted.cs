using System;

namespace Callbell.Webhooks
{
    /// <summary>The payload of contact_deleted.</summary>
    public sealed class ContactDeleted : ApiObject
    {
        public string? Uuid { get; set; }

        /// <summary>When it was deleted.</summary>
        public DateTimeOffset? Deleted { get; set; }

        public override string ToString() => Uuid ?? string.Empty;
    }
}
