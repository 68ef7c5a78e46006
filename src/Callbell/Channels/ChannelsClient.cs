using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Channels
{
    /// <summary>The account's channels: list (by type, active or not), one by uuid, rename.</summary>
    public sealed class ChannelsClient
    {
        private readonly CallbellClient _client;

        internal ChannelsClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "channels")]
        public Task<Page<Channel>> GetPageAsync(string? type = null, bool? active = null, int page = 1, CancellationToken cancellationToken = default) =>
            _client.PageAsync<Channel>(ListRequest(type, active, page), "channels", new PagePosition(page), cancellationToken);

        public IAsyncEnumerable<Page<Channel>> ListPagesAsync(string? type = null, bool? active = null, int firstPage = 1, CancellationToken cancellationToken = default) =>
            _client.WalkAsync<Channel>(page => ListRequest(type, active, page), "channels", firstPage, cancellationToken);

        [Endpoint("GET", "channels/{uuid}")]
        public Task<Channel> GetAsync(string uuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Channel>(ApiRequest.Get("channels").Segment(uuid, "Uuid"), "channel", cancellationToken);

        [Endpoint("PATCH", "channels/{uuid}")]
        public Task<Channel> SetTitleAsync(string uuid, string title, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Channel>(
                ApiRequest.Patch("channels").Segment(uuid, "Uuid").WithBody(new JsonBody().Set("title", Text.Require(title, "Title", 100))),
                "channel",
                cancellationToken);

        private static ApiRequest ListRequest(string? type, bool? active, int page) =>
            ApiRequest.Get("channels")
                .Query("page", Text.PageAbove1(page), "Page")
                .Query("type", type is null ? null : Identifier.Validate(type, "Type"), "Type")
                .Query("active", active.HasValue ? (active.Value ? "true" : "false") : null, "Active");
    }
}
