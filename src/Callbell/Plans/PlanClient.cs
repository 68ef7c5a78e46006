using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell.Plans
{
    /// <summary>The account's plan, included channels, licences, active users and teams.</summary>
    public sealed class PlanClient
    {
        private readonly CallbellClient _client;

        internal PlanClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "plan")]
        public Task<Plan> GetAsync(CancellationToken cancellationToken = default) =>
            _client.RootAsync<Plan>(ApiRequest.Get("plan"), cancellationToken);
    }
}
