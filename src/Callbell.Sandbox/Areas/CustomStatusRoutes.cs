using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class CustomStatusRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "custom_statuses", call =>
            {
                lock (call.State)
                {
                    return Listing.Page(call, call.State.CustomStatuses, "customStatuses");
                }
            });
            routes.Map("GET", "custom_statuses/{id}", call => WithStatus(call, s => Listing.One("customStatus", s)));
            routes.Map("POST", "custom_statuses", call =>
            {
                var name = Listing.Text(call.Body, "name");
                if (string.IsNullOrWhiteSpace(name))
                {
                    return SandboxResponse.Invalid("name", "must be present and not empty");
                }

                lock (call.State)
                {
                    var status = SeedData.CustomStatus(Guid.NewGuid().ToString("D"), name!, "💬");
                    call.State.CustomStatuses.Add(status);
                    return Listing.One("customStatus", status);
                }
            });
            routes.Map("PUT", "custom_statuses/{id}", call =>
            {
                var name = Listing.Text(call.Body, "name");
                return string.IsNullOrWhiteSpace(name)
                    ? SandboxResponse.Invalid("name", "must be present and not empty")
                    : WithStatus(call, s =>
                    {
                        s["name"] = name;
                        s["updatedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                        return Listing.One("customStatus", s);
                    });
            });
            routes.Map("DELETE", "custom_statuses/{id}", Delete);
            routes.Alias("DELETE", "custom_status/{id}", Delete);
        }

        private static SandboxResponse Delete(SandboxCall call) => WithStatus(call, s =>
        {
            call.State.CustomStatuses.Remove(s);
            return SandboxResponse.Ok(new JsonObject { ["status"] = "custom status was destroyed" });
        });

        private static SandboxResponse WithStatus(SandboxCall call, Func<JsonObject, SandboxResponse> answer)
        {
            lock (call.State)
            {
                var status = Listing.Find(call.State.CustomStatuses, "id", call["id"]);
                return status is null ? SandboxResponse.Error(404, "Custom status not found") : answer(status);
            }
        }
    }
}
