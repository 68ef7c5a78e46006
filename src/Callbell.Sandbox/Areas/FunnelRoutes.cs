using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox.Areas
{
    internal static class FunnelRoutes
    {
        // Funnels are the one list without meta.
        public static void Register(RouteTable routes) =>
            routes.Map("GET", "funnels", call =>
            {
                lock (call.State)
                {
                    return Listing.Page(call, call.State.Funnels, "funnels", pageSize: int.MaxValue / 2, meta: false);
                }
            });
    }
}
