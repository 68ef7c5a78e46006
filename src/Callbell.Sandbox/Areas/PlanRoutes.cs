using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class PlanRoutes
    {
        public static void Register(RouteTable routes) =>
            routes.Map("GET", "plan", call =>
            {
                lock (call.State)
                {
                    return SandboxResponse.Ok(new JsonObject
                    {
                        ["plan"] = "Pro",
                        ["includedChannels"] = 5,
                        ["licenses"] = 10,
                        ["activeUsers"] = 3,
                        ["teams"] = new JsonArray(call.State.Teams.Select(t => (JsonNode)t.DeepClone()).ToArray()),
                    });
                }
            });
    }
}
