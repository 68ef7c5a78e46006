using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class TemplateRoutes
    {
        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "templates", call =>
            {
                lock (call.State)
                {
                    return Listing.Page(call, call.State.Templates, "templates");
                }
            });
            routes.Map("GET", "templates/{uuid}", call => WithTemplate(call, t => Listing.One("template", t)));

            // The reference's PATCH example answers under "templates", not "template".
            routes.Map("PATCH", "templates/{uuid}", call =>
            {
                var title = Listing.Text(call.Body, "title");
                return string.IsNullOrWhiteSpace(title)
                    ? SandboxResponse.Invalid("title", "must be present and not empty")
                    : WithTemplate(call, t =>
                    {
                        t["title"] = title;
                        return Listing.One("templates", t);
                    });
            });
        }

        private static SandboxResponse WithTemplate(SandboxCall call, System.Func<JsonObject, SandboxResponse> answer)
        {
            lock (call.State)
            {
                var template = Listing.Find(call.State.Templates, "uuid", call["uuid"]);
                return template is null ? SandboxResponse.Error(404, "Template not found") : answer(template);
            }
        }
    }
}
