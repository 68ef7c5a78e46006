using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Json;

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

        public Task<AuthenticatedUser> GetCurrentUserAsync(CancellationToken cancellationToken = default) =>
            _client.GetAsync(ApiRequest.Get("auth/me"), CallbellJsonContext.Default.AuthenticatedUser, "the token's user", cancellationToken);
    }
}
