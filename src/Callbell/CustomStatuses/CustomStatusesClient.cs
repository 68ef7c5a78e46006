using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.CustomStatuses
{
    /// <summary>Custom statuses: list, one by id, create, rename, delete. The emoji is not settable through the API.</summary>
    public sealed class CustomStatusesClient
    {
        private readonly CallbellClient _client;

        internal CustomStatusesClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "custom_statuses")]
        public Task<Page<CustomStatus>> GetPageAsync(int page = 1, CancellationToken cancellationToken = default) =>
            _client.PageAsync<CustomStatus>(ListRequest(page), "customStatuses", new PagePosition(page), cancellationToken);

        public IAsyncEnumerable<Page<CustomStatus>> ListPagesAsync(int firstPage = 1, CancellationToken cancellationToken = default) =>
            _client.WalkAsync<CustomStatus>(ListRequest, "customStatuses", firstPage, cancellationToken);

        [Endpoint("GET", "custom_statuses/{id}")]
        public Task<CustomStatus> GetAsync(string id, CancellationToken cancellationToken = default) =>
            _client.OneAsync<CustomStatus>(ApiRequest.Get("custom_statuses").Segment(id, "Id"), "customStatus", cancellationToken);

        [Endpoint("POST", "custom_statuses")]
        public Task<CustomStatus> CreateAsync(string name, CancellationToken cancellationToken = default) =>
            _client.OneAsync<CustomStatus>(ApiRequest.Post("custom_statuses").WithBody(new JsonBody().Set("name", Text.Require(name, "Name", 100))), "customStatus", cancellationToken);

        [Endpoint("PUT", "custom_statuses/{id}")]
        public Task<CustomStatus> SetNameAsync(string id, string name, CancellationToken cancellationToken = default) =>
            _client.OneAsync<CustomStatus>(ApiRequest.Put("custom_statuses").Segment(id, "Id").WithBody(new JsonBody().Set("name", Text.Require(name, "Name", 100))), "customStatus", cancellationToken);

        /// <summary>The page title's path; the reference's snippets spell it custom_status/{id}.</summary>
        [Endpoint("DELETE", "custom_statuses/{id}")]
        public Task<ApiStatus> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
            _client.StatusAsync(ApiRequest.Delete("custom_statuses").Segment(id, "Id"), cancellationToken);

        private static ApiRequest ListRequest(int page) => ApiRequest.Get("custom_statuses").Query("page", Text.PageAbove1(page), "Page");
    }
}
