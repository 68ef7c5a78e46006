using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class TeamRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "teams", call =>
            {
                lock (call.State)
                {
                    return Listing.Page(call, call.State.Teams, "teams");
                }
            });
            routes.Map("GET", "teams/{uuid}", call => WithTeam(call, t => Listing.One("team", t)));
            routes.Map("PATCH", "teams/{uuid}", call =>
            {
                var name = Listing.Text(call.Body, "name");
                return string.IsNullOrWhiteSpace(name)
                    ? SandboxResponse.Invalid("name", "must be present and not empty")
                    : WithTeam(call, t =>
                    {
                        t["name"] = name;
                        return Listing.One("team", t);
                    });
            });
            routes.Map("GET", "teams/{uuid}/members", call =>
            {
                var status = call.Query("status");
                if (status != null && status != "available" && status != "away")
                {
                    return SandboxResponse.Invalid("status", "must be available or away");
                }

                lock (call.State)
                {
                    if (!call.State.Members.TryGetValue(call["uuid"], out var members))
                    {
                        return SandboxResponse.Error(404, "Team not found");
                    }

                    var wanted = members.Where(m => status is null || (bool)m["available"]! == (status == "available"));
                    return Listing.Page(call, wanted, "users");
                }
            });
        }

        private static SandboxResponse WithTeam(SandboxCall call, System.Func<JsonObject, SandboxResponse> answer)
        {
            lock (call.State)
            {
                var team = Listing.Find(call.State.Teams, "uuid", call["uuid"]);
                return team is null ? SandboxResponse.Error(404, "Team not found") : answer(team);
            }
        }
    }
}
