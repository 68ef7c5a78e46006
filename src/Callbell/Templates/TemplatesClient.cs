using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Templates
{
    /// <summary>Message templates: list, one by uuid, rename. The API filters none of them; callers filter status and category.</summary>
    public sealed class TemplatesClient
    {
        private readonly CallbellClient _client;

        internal TemplatesClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "templates")]
        public Task<Page<Template>> GetPageAsync(int page = 1, CancellationToken cancellationToken = default) =>
            _client.PageAsync<Template>(ListRequest(page), "templates", new PagePosition(page), cancellationToken);

        public IAsyncEnumerable<Page<Template>> ListPagesAsync(int firstPage = 1, CancellationToken cancellationToken = default) =>
            _client.WalkAsync<Template>(ListRequest, "templates", firstPage, cancellationToken);

        [Endpoint("GET", "templates/{uuid}")]
        public Task<Template> GetAsync(string uuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Template>(ApiRequest.Get("templates").Segment(uuid, "Uuid"), "template", cancellationToken);

        /// <summary>The reference's example answers under "templates"; both keys are read.</summary>
        [Endpoint("PATCH", "templates/{uuid}")]
        public Task<Template> SetTitleAsync(string uuid, string title, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Template>(
                ApiRequest.Patch("templates").Segment(uuid, "Uuid").WithBody(new JsonBody().Set("title", Text.Require(title, "Title", 200))),
                "template",
                cancellationToken,
                alternativeKey: "templates");

        private static ApiRequest ListRequest(int page) => ApiRequest.Get("templates").Query("page", Text.PageAbove1(page), "Page");
    }
}
