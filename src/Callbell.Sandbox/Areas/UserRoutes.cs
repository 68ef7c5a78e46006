using System;
using System.Globalization;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    /// <summary>A user's status, in snake_case as the reference shows it.</summary>
    internal static class UserRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("PUT", "users/{uuid}/status", Set);
            routes.Map("DELETE", "users/{uuid}/status", call =>
            {
                lock (call.State)
                {
                    if (!call.State.Users.ContainsKey(call["uuid"]))
                    {
                        return SandboxResponse.Error(404, "User not found");
                    }

                    // The custom status goes; availability is the user's and stays as it was.
                    call.State.Users[call["uuid"]]["custom_status"] = null;
                    return SandboxResponse.Empty(200); // the reference answers with an empty body
                }
            });
        }

        private static SandboxResponse Set(SandboxCall call)
        {
            var body = call.Body;
            if (body is null || (!body.ContainsKey("available") && !body.ContainsKey("custom_status_uuid")))
            {
                return SandboxResponse.Invalid("available", "available or custom_status_uuid must be present");
            }

            if (body.ContainsKey("available") && !(body["available"] is JsonValue flag && flag.TryGetValue<bool>(out _)))
            {
                return SandboxResponse.Invalid("available", "must be true or false");
            }

            lock (call.State)
            {
                if (!call.State.Users.TryGetValue(call["uuid"], out var status))
                {
                    return SandboxResponse.Error(404, "User not found");
                }

                var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                if (body.TryGetPropertyValue("custom_status_uuid", out var id))
                {
                    if (id is null)
                    {
                        status["custom_status"] = null;
                    }
                    else
                    {
                        var custom = Listing.Find(call.State.CustomStatuses, "id", (string?)id ?? string.Empty);
                        if (custom is null)
                        {
                            return SandboxResponse.Invalid("custom_status_uuid", "custom status not found");
                        }

                        status["custom_status"] = new JsonObject { ["id"] = (string?)custom["id"], ["name"] = (string?)custom["name"], ["last_updated_at"] = now };
                    }
                }

                if (body["available"] is JsonValue available)
                {
                    status["appearance"] = new JsonObject { ["available"] = available.GetValue<bool>(), ["last_updated_at"] = now };
                }

                return SandboxResponse.Ok(new JsonObject { ["user_status"] = status.DeepClone() });
            }
        }
    }
}
