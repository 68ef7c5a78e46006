using System;
using System.Collections.Generic;
using System.Linq;
using Callbell.Sandbox.Http;

namespace Callbell.Sandbox.Routing
{
    /// <summary>Every endpoint the sandbox answers; each API area registers its own (see Areas/).</summary>
    public sealed class RouteTable
    {
        private readonly List<Route> _routes = new List<Route>();

        public IReadOnlyList<Route> Routes => _routes;

        public void Map(string method, string template, Func<SandboxCall, SandboxResponse> handler) => Add(new Route(method, template, handler, alias: false));

        /// <summary>A spelling from the reference's snippets, answered like the documented one only with <see cref="SandboxOptions.SnippetPaths"/>.</summary>
        public void Alias(string method, string template, Func<SandboxCall, SandboxResponse> handler) => Add(new Route(method, template, handler, alias: true));

        /// <summary>The route for a request; a path that exists with another method answers 405.</summary>
        internal SandboxResponse Dispatch(SandboxRequest request, string[] segments, SandboxState state)
        {
            var pathMatched = false;
            foreach (var route in _routes)
            {
                if ((route.IsAlias && !state.Options.SnippetPaths) || !route.TryMatch(segments, out var values))
                {
                    continue;
                }

                if (route.Method != request.Method)
                {
                    pathMatched = true;
                    continue;
                }

                return route.Handler(new SandboxCall(request, values, state));
            }

            return pathMatched ? SandboxResponse.Error(405, "Method not allowed") : SandboxResponse.Error(404, "Not found");
        }

        private void Add(Route route)
        {
            _routes.Add(route);
            var ordered = _routes.OrderByDescending(r => r.Literals).ToList();
            _routes.Clear();
            _routes.AddRange(ordered);
        }
    }
}
