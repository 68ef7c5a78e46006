using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class ChannelRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "channels", call =>
            {
                var type = call.Query("type");
                var active = call.Query("active");
                lock (call.State)
                {
                    var channels = call.State.Channels
                        .Where(c => type is null || (string?)c["type"] == type)
                        .Where(c => active is null || (active == "true") == IsActive(c));
                    return Listing.Page(call, channels, "channels");
                }
            });
            routes.Map("GET", "channels/{uuid}", call => WithChannel(call, c => Listing.One("channel", c)));
            routes.Map("PATCH", "channels/{uuid}", call =>
            {
                var title = Listing.Text(call.Body, "title");
                return string.IsNullOrWhiteSpace(title)
                    ? SandboxResponse.Invalid("title", "must be present and not empty")
                    : WithChannel(call, c =>
                    {
                        c["title"] = title;
                        return Listing.One("channel", c);
                    });
            });
        }

        private static bool IsActive(JsonObject channel) => channel["discardedAt"] is JsonValue value && value.TryGetValue<bool>(out var discarded) && !discarded;

        private static SandboxResponse WithChannel(SandboxCall call, System.Func<JsonObject, SandboxResponse> answer)
        {
            lock (call.State)
            {
                var channel = Listing.Find(call.State.Channels, "uuid", call["uuid"]);
                return channel is null ? SandboxResponse.Error(404, "Channel not found") : answer(channel);
            }
        }
    }
}
