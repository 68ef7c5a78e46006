using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callbell.Webhooks;

namespace Callbell
{
    /// <summary>
    /// One delivery from the account's webhook log (GET /webhooks/events): the event Callbell
    /// sent, its payload typed as <see cref="InboundEventReader"/> types an inbound body, and how the
    /// subscriber answered.
    /// </summary>
    public sealed class WebhookEvent : ApiObject
    {
        private object? _payload;

        /// <summary>The event name, e.g. message_created.</summary>
        public string? Event { get; set; }

        /// <summary>The payload, typed by event (a <see cref="MessageCreated"/>, a <see cref="Contact"/>, …); plain values for events this version does not know.</summary>
        [JsonIgnore]
        public object? Payload => _payload ??= RawPayload is JsonElement element ? InboundEventReader.ReadPayload(Event, element) : null;

        /// <summary>What the subscriber answered.</summary>
        public WebhookResponse? Response { get; set; }

        /// <summary>True when the subscriber answered 200.</summary>
        public bool? Success { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        [JsonInclude]
        [JsonPropertyName("payload")]
        internal JsonElement? RawPayload { get; set; }

        public override string ToString() => (Event ?? string.Empty) + (Success == false ? " (failed)" : string.Empty);
    }

    /// <summary>A subscriber's answer to one delivery.</summary>
    public sealed class WebhookResponse : ApiObject
    {
        /// <summary>The answer's body: usually text; kept as plain values if the log holds it as JSON.</summary>
        [JsonConverter(typeof(Json.Converters.PlainValueConverter))]
        public object? Body { get; set; }

        public int? Code { get; set; }

        [JsonConverter(typeof(Json.Converters.PlainValueConverter))]
        public object? Headers { get; set; }

        public override string ToString() => Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
