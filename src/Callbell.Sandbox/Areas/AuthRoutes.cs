using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class AuthRoutes
    {
        public static void Register(RouteTable routes, string token) =>
            routes.Map("GET", "auth/me", _ => SandboxResponse.Ok(new JsonObject
            {
                ["api_key"] = token, // the real API echoes the token here too
                ["status"] = "ok",
                ["user_email"] = "admin@sandbox.callbell.local",
                ["user_name"] = "Sandbox Admin",
            }));
    }
}
