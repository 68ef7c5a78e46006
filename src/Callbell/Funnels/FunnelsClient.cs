using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Funnels
{
    /// <summary>Funnels: one list, without meta.</summary>
    public sealed class FunnelsClient
    {
        private readonly CallbellClient _client;

        internal FunnelsClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "funnels")]
        public async Task<IReadOnlyList<Funnel>> ListAsync(CancellationToken cancellationToken = default) =>
            (await _client.PageAsync<Funnel>(ApiRequest.Get("funnels"), "funnels", PagePosition.First, cancellationToken).ConfigureAwait(false)).Items;
    }
}
