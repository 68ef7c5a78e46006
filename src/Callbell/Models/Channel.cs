using System;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>A connected channel: one WhatsApp number, Instagram account, Facebook page or Telegram bot.</summary>
    public sealed class Channel : ApiObject
    {
        private string? _discardedAtText;

        public string? Uuid { get; set; }

        public string? Title { get; set; }

        /// <summary>facebook, whatsapp, instagram or telegram.</summary>
        public string? Type { get; set; }

        /// <summary>True for the account's main channel of its type.</summary>
        public bool? Main { get; set; }

        /// <summary>When the channel was discarded, if the API gave a date.</summary>
        [JsonIgnore]
        public DateTimeOffset? DiscardedAt { get; private set; }

        /// <summary>
        /// Whether the channel is discarded. The reference documents discardedAt as a date but
        /// sends a boolean; both spellings are read.
        /// </summary>
        [JsonIgnore]
        public bool Discarded { get; private set; }

        [JsonInclude, JsonPropertyName("discardedAt"), JsonConverter(typeof(TextConverter))]
        internal string? DiscardedAtText
        {
            get => _discardedAtText;
            set
            {
                _discardedAtText = value;
                DiscardedAt = ReadDate(value, "discardedAt");
                Discarded = value == "true" || DiscardedAt.HasValue;
            }
        }

        public override string ToString() => Title ?? Uuid ?? string.Empty;
    }
}
