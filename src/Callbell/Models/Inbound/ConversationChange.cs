using System;

namespace Callbell.Webhooks
{
    /// <summary>The payload of conversation_opened and conversation_closed.</summary>
    public sealed class ConversationChange : ApiObject
    {
        public string? Source { get; set; }

        public string? Href { get; set; }

        public Contact? Contact { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        /// <summary>Free text; the API does not enumerate reasons.</summary>
        public string? ClosingReason { get; set; }

        public override string ToString() => Href ?? string.Empty;
    }
}
