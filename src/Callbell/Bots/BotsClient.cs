using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell.Bots
{
    /// <summary>The bot of a contact's conversation: read it, start it, stop it.</summary>
    public sealed class BotsClient
    {
        private readonly CallbellClient _client;

        internal BotsClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "contacts/{uuid}/bot")]
        public Task<Bot> GetAsync(string contactUuid, CancellationToken cancellationToken = default) =>
            Stamped(_client.OneAsync<Bot>(ApiRequest.Get("contacts").Segment(contactUuid, "Uuid").Then("bot"), "bot", cancellationToken), contactUuid);

        /// <summary>Starts (<paramref name="start"/> true) or stops the bot. Setting a status is idempotent: safe to retry.</summary>
        [Endpoint("POST", "contacts/{uuid}/bot")]
        public Task<Bot> SetAsync(string contactUuid, bool start, CancellationToken cancellationToken = default) =>
            Stamped(
                _client.OneAsync<Bot>(
                    ApiRequest.Post("contacts").Segment(contactUuid, "Uuid").Then("bot").WithBody(new JsonBody().Set("status", start ? "bot_start" : "bot_end")).Idempotent(),
                    "bot",
                    cancellationToken),
                contactUuid);

        private static async Task<Bot> Stamped(Task<Bot> bot, string contactUuid)
        {
            var result = await bot.ConfigureAwait(false);
            result.ContactUuid = contactUuid;
            return result;
        }
    }
}
