using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell
{
    /// <summary>GET /auth/me: checks a token and says whose it is.</summary>
    public sealed class AuthClient
    {
        private readonly CallbellClient _client;

        internal AuthClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "auth/me")]
        public Task<AuthenticatedUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
            _client.RootAsync<AuthenticatedUser>(ApiRequest.Get("auth/me"), cancellationToken);
    }
}
