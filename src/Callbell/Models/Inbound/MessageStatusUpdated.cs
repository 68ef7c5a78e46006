using System.Text.Json.Serialization;
using Callbell.Json.Converters;

namespace Callbell.Webhooks
{
    /// <summary>The payload of message_status_updated: an outgoing message's new status.</summary>
    public sealed class MessageStatusUpdated : ApiObject
    {
        /// <summary>The uuid Send-CallbellMessage returned.</summary>
        public string? Uuid { get; set; }

        /// <summary>sent, delivered, read, failed, … (deleted is deprecated).</summary>
        public string? Status { get; set; }

        public Contact? Contact { get; set; }

        /// <summary>The metadata sent with the message, echoed back.</summary>
        [JsonConverter(typeof(PlainValueConverter))]
        public object? Metadata { get; set; }

        /// <summary>The provider's raw status payload, kept opaque as plain values.</summary>
        [JsonConverter(typeof(PlainValueConverter))]
        public object? MessageStatusPayload { get; set; }

        public override string ToString() => (Uuid ?? string.Empty) + " (" + Status + ")";
    }
}
