using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Callbell.Webhooks
{
    /// <summary>Which deliveries GET /webhooks/events lists: by outcome, by event name, and how many a page.</summary>
    public sealed class WebhookEventFilter
    {
        /// <summary>failed or success; null for both.</summary>
        public string? Status { get; set; }

        /// <summary>Event names; empty for all.</summary>
        public IReadOnlyList<string> Events { get; set; } = Array.Empty<string>();

        /// <summary>Deliveries a page, 1–100; null for the API's default.</summary>
        public int? PageSize { get; set; }

        /// <summary>Checks the filter and returns the query parameters it sends.</summary>
        internal IEnumerable<(string Name, string? Value, string Parameter)> Parameters()
        {
            if (Status != null && Status != "failed" && Status != "success")
            {
                throw CallbellException.InvalidArgument("Status", "Status must be failed or success; it was '" + Status + "'.", "Use -Status failed or -Status success, or leave it out for both.");
            }

            // The reference names items and states no maximum: the server decides what it allows.
            if (PageSize is int size && size < 1)
            {
                throw CallbellException.InvalidArgument("PageSize", "PageSize must be 1 or more; it was " + size + ".");
            }

            yield return ("status", Status, "Status");
            yield return ("items", PageSize?.ToString(CultureInfo.InvariantCulture), "PageSize");
            yield return ("subscriptions", Events.Count == 0 ? null : string.Join(",", WebhookEventNames.Require(Events, "Event")), "Event");
        }
    }
}
