using System.Collections.Generic;
using System.Text.Json.Serialization;
using Callbell.Json.Converters;

namespace Callbell
{
    /// <summary>A message sent through POST /messages/send, and its delivery status.</summary>
    public sealed class MessageSendRequest : ApiObject
    {
        public string? Uuid { get; set; }

        /// <summary>enqueued, sent, delivered, read, failed, mismatch or deleted.</summary>
        public string? Status { get; set; }

        /// <summary>The provider's raw status payload, kept opaque as plain values.</summary>
        [JsonConverter(typeof(PlainValueConverter))]
        public object? MessageStatusPayload { get; set; }

        /// <summary>With -IncludeContact: the recipient's contact.</summary>
        public MessageContact? Contact { get; set; }

        /// <summary>With -IncludeConversation: the conversation it went to.</summary>
        public MessageConversation? Conversation { get; set; }

        /// <summary>The phone number or platform id it was sent to (set by the module).</summary>
        [JsonIgnore]
        public string? To { get; internal set; }

        /// <summary>The bsuid it was sent to, when sent by bsuid (set by the module).</summary>
        [JsonIgnore]
        public string? Bsuid { get; internal set; }

        /// <summary>The metadata sent with it (set by the module; Callbell echoes it in webhooks).</summary>
        [JsonIgnore]
        public MessageMetadata? Metadata { get; internal set; }

        /// <summary>
        /// True once the status will not change any more. Not "mismatch": the reference calls it a
        /// phone-number correction, after which the message may still be delivered.
        /// </summary>
        [JsonIgnore]
        public bool IsFinal => Status == "read" || Status == "failed" || Status == "deleted";

        public override string ToString() => (Uuid ?? string.Empty) + " (" + Status + ")";
    }

    public sealed class MessageContact : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        public string? Phone { get; set; }

        public string? Email { get; set; }

        public override string ToString() => Name ?? Phone ?? Uuid ?? string.Empty;
    }

    public sealed class MessageConversation : ApiObject
    {
        public string? Source { get; set; }

        public string? Href { get; set; }

        public System.DateTimeOffset? CreatedAt { get; set; }

        public override string ToString() => Href ?? string.Empty;
    }
}
