using System;
using System.Text.Json.Serialization;

namespace Callbell
{
    /// <summary>A connected channel: one WhatsApp number, Instagram account, Facebook page or Telegram bot.</summary>
    public sealed class Channel : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Title { get; set; }

        /// <summary>facebook, whatsapp, instagram or telegram.</summary>
        public string? Type { get; set; }

        /// <summary>True for the account's main channel of its type.</summary>
        public bool? Main { get; set; }

        /// <summary>When the channel was discarded, when the API gives a date.</summary>
        public DateTimeOffset? DiscardedAt { get; set; }

        /// <summary>
        /// Whether the channel is discarded. The reference types discardedAt as a date but shows
        /// a boolean; both spellings are read.
        /// </summary>
        [JsonIgnore]
        public bool Discarded => _discardedFlag || DiscardedAt.HasValue;

        private bool _discardedFlag;

        private protected override bool Absorb(string jsonName, object? raw)
        {
            if (jsonName == "discardedAt" && raw is bool flag)
            {
                _discardedFlag = flag;
                return true;
            }

            return false;
        }

        public override string ToString() => Title ?? Uuid ?? string.Empty;
    }
}
