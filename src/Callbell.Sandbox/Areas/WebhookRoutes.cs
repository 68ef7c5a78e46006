using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    /// <summary>One webhook per account (subscribe replaces it), and the delivery log.</summary>
    internal static class WebhookRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("POST", "webhooks/subscribe", Subscribe);
            routes.Map("DELETE", "webhooks/unsubscribe", call =>
            {
                lock (call.State)
                {
                    if (call.State.Webhook is null)
                    {
                        return SandboxResponse.Error(404, "No webhook to destroy");
                    }

                    call.State.Webhook = null;
                    return SandboxResponse.Ok(new JsonObject { ["status"] = "webhook was destroyed" });
                }
            });
            routes.Map("GET", "webhooks/events", Events);
        }

        private static SandboxResponse Subscribe(SandboxCall call)
        {
            var url = Listing.Text(call.Body, "url");
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                return SandboxResponse.Invalid("url", "must be an http or https URL");
            }

            if ((uri.IsLoopback || uri.Host == "localhost") && !call.State.Options.DeliverWebhooks)
            {
                return SandboxResponse.Invalid("url", "localhost URLs are not allowed");
            }

            if (!(call.Body!["subscriptions"] is JsonArray subscriptions) || subscriptions.Count == 0)
            {
                return SandboxResponse.Invalid("subscriptions", "must be a non-empty array of event names");
            }

            lock (call.State)
            {
                call.State.Webhook = new JsonObject
                {
                    ["url"] = url,
                    ["subscriptions"] = subscriptions.DeepClone(),
                    ["enabled"] = true,
                    ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                };
                return Listing.One("webhook", call.State.Webhook);
            }
        }

        private static SandboxResponse Events(SandboxCall call)
        {
            var status = call.Query("status");
            if (status != null && status != "failed" && status != "success")
            {
                return SandboxResponse.Invalid("status", "must be failed or success");
            }

            var items = 20;
            // The reference states no maximum for items.
            if (call.Query("items") is string text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out items) || items < 1))
            {
                return SandboxResponse.Invalid("items", "must be a positive number");
            }

            var names = call.Query("subscriptions")?.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToArray();
            lock (call.State)
            {
                var events = call.State.WebhookEvents
                    .Where(e => status is null || (bool)e["success"]! == (status == "success"))
                    .Where(e => names is null || names.Contains((string?)e["event"]));
                return Listing.Page(call, events, "webhook_events", items);
            }
        }
    }
}
