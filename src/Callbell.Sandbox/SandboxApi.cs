using System;
using System.Collections.Generic;
using System.Linq;
using Callbell.Sandbox.Areas;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;

namespace Callbell.Sandbox
{
    /// <summary>
    /// The API the sandbox speaks, as docs/callbell-api.md describes it: auth, then the route table
    /// every area fills (Areas/, one file per API area, mirroring the library's area clients).
    /// </summary>
    internal sealed class SandboxApi
    {
        private const string Prefix = "/v1/";

        private readonly string _token;
        private readonly SandboxState _state;
        private readonly RouteTable _routes = new RouteTable();

        public SandboxApi(SandboxState state, string token)
        {
            _state = state;
            _token = token;
            AuthRoutes.Register(_routes, token);
            ContactRoutes.Register(_routes);
            ConversationRoutes.Register(_routes);
            MessageRoutes.Register(_routes);
            ChannelRoutes.Register(_routes);
            TeamRoutes.Register(_routes);
            TemplateRoutes.Register(_routes);
            FunnelRoutes.Register(_routes);
            CustomStatusRoutes.Register(_routes);
            UserRoutes.Register(_routes);
            PlanRoutes.Register(_routes);
            WebhookRoutes.Register(_routes);
        }

        /// <summary>"GET /contacts/{uuid}" for every documented endpoint (aliases left out).</summary>
        public IReadOnlyList<string> Endpoints => _routes.Routes.Where(r => !r.IsAlias).Select(r => r.ToString()).ToList();

        public SandboxResponse Handle(SandboxRequest request)
        {
            if (request.Header("Authorization") != "Bearer " + _token)
            {
                return SandboxResponse.Error(401, "not authorized");
            }

            if (!request.Path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return SandboxResponse.Error(404, "Not found");
            }

            // Split the escaped path so an escaped "/" inside a segment stays inside it.
            var segments = request.RawPath.Substring(Prefix.Length).TrimEnd('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            return _routes.Dispatch(request, segments, _state);
        }
    }
}
