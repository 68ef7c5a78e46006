using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell.Users
{
    /// <summary>A user's status: availability and custom status. No endpoint lists users; uuids come from the dashboard.</summary>
    public sealed class UsersClient
    {
        private readonly CallbellClient _client;

        internal UsersClient(CallbellClient client)
        {
            _client = client;
        }

        /// <summary>
        /// Sets what is given: <paramref name="available"/> when not null; the custom status when
        /// <paramref name="setCustomStatus"/> is true, to <paramref name="customStatusId"/> or, when
        /// that is null, to none (the API's explicit null unassigns).
        /// </summary>
        [Endpoint("PUT", "users/{uuid}/status")]
        public async Task<UserStatus> SetStatusAsync(string userUuid, bool? available, bool setCustomStatus, string? customStatusId, CancellationToken cancellationToken = default)
        {
            if (!available.HasValue && !setCustomStatus)
            {
                throw CallbellException.InvalidArgument("Available", "Nothing to set: give -Available, -CustomStatusId, or both.", "Set-CallbellUserStatus -UserUuid <uuid> -Available");
            }

            var body = new JsonBody().Set("available", available);
            if (setCustomStatus)
            {
                if (customStatusId is null)
                {
                    body.Null("custom_status_uuid");
                }
                else
                {
                    body.Set("custom_status_uuid", Identifier.Validate(customStatusId, "CustomStatusId"));
                }
            }

            var status = await _client.OneAsync<UserStatus>(ApiRequest.Put("users").Segment(userUuid, "UserUuid").Then("status").WithBody(body), "user_status", cancellationToken).ConfigureAwait(false);
            status.UserUuid = userUuid;
            return status;
        }

        /// <summary>Resets the user's status; the API answers with an empty body.</summary>
        [Endpoint("DELETE", "users/{uuid}/status")]
        public Task<ApiStatus> ClearStatusAsync(string userUuid, CancellationToken cancellationToken = default) =>
            _client.StatusAsync(ApiRequest.Delete("users").Segment(userUuid, "UserUuid").Then("status"), cancellationToken);
    }
}
