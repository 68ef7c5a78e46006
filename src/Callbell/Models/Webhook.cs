using System;
using System.Collections.Generic;

namespace Callbell
{
    /// <summary>The account's one webhook subscription (POST /webhooks/subscribe creates or replaces it).</summary>
    public sealed class Webhook : ApiObject
    {
        public string? Url { get; set; }

        /// <summary>The event names it is subscribed to.</summary>
        public List<string>? Subscriptions { get; set; }

        public bool? Enabled { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public override string ToString() => Url ?? string.Empty;
    }
}
