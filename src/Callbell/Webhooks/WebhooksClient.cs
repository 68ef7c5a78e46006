using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Webhooks
{
    /// <summary>The account's one webhook: subscribe (creates or replaces), unsubscribe, and the delivery log.</summary>
    public sealed class WebhooksClient
    {
        private readonly CallbellClient _client;

        internal WebhooksClient(CallbellClient client)
        {
            _client = client;
        }

        /// <summary>
        /// Subscribing twice to the same URL and events leaves the same webhook, so a lost answer
        /// may be retried. A local URL is refused, as Callbell refuses it, unless
        /// <paramref name="allowLocalUrl"/> (for a sandbox that delivers to a local listener).
        /// </summary>
        [Endpoint("POST", "webhooks/subscribe")]
        public Task<Webhook> SubscribeAsync(string url, IEnumerable<string> events, bool allowLocalUrl = false, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Webhook>(
                ApiRequest.Post("webhooks/subscribe").Idempotent().WithBody(new JsonBody().Set("url", RequireUrl(url, allowLocalUrl)).Set("subscriptions", WebhookEventNames.Require(events, "Event"))),
                "webhook",
                cancellationToken);

        [Endpoint("DELETE", "webhooks/unsubscribe")]
        public Task<ApiStatus> UnsubscribeAsync(CancellationToken cancellationToken = default) =>
            _client.StatusAsync(ApiRequest.Delete("webhooks/unsubscribe"), cancellationToken);

        [Endpoint("GET", "webhooks/events")]
        public Task<Page<WebhookEvent>> GetEventPageAsync(WebhookEventFilter? filter = null, int page = 1, CancellationToken cancellationToken = default) =>
            _client.PageAsync<WebhookEvent>(EventsRequest(filter ?? new WebhookEventFilter(), page), "webhook_events", new PagePosition(page), cancellationToken);

        public IAsyncEnumerable<Page<WebhookEvent>> ListEventPagesAsync(WebhookEventFilter? filter = null, int firstPage = 1, CancellationToken cancellationToken = default)
        {
            var fixedFilter = filter ?? new WebhookEventFilter();
            return _client.WalkAsync<WebhookEvent>(page => EventsRequest(fixedFilter, page), "webhook_events", firstPage, cancellationToken);
        }

        /// <summary>An absolute http or https URL that is not this machine (Callbell refuses localhost), unless <paramref name="allowLocal"/>.</summary>
        public static string RequireUrl(string? url, bool allowLocal = false)
        {
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw CallbellException.InvalidArgument("Url", "Url must be an absolute http:// or https:// address; it was '" + Identifier.Printable(url ?? string.Empty) + "'.", "Include the protocol, e.g. -Url https://hooks.example.com/callbell.");
            }

            if (!allowLocal && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
            {
                throw CallbellException.InvalidArgument("Url", "Callbell cannot reach " + uri.Host + ": it refuses localhost and loopback addresses.", "Expose Receive-CallbellWebhook through a reverse proxy or a tunnel (ngrok, cloudflared) and register its public URL.");
            }

            return uri.AbsoluteUri;
        }

        private static ApiRequest EventsRequest(WebhookEventFilter filter, int page)
        {
            var request = ApiRequest.Get("webhooks/events");
            foreach (var (name, value, parameter) in filter.Parameters())
            {
                request.Query(name, value, parameter);
            }

            return request.Query("page", Text.PageAbove1(page), "Page");
        }
    }
}
