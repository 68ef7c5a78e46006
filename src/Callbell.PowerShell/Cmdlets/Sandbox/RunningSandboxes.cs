using System.Collections.Generic;
using System.Linq;
using Callbell.Sandbox;

namespace Callbell.PowerShell.Cmdlets.Sandbox
{
    /// <summary>The sandboxes started in this process (they run in-process, so they are process-wide).</summary>
    internal static class RunningSandboxes
    {
        private static readonly List<SandboxServer> Servers = new List<SandboxServer>();

        public static void Add(SandboxServer server)
        {
            lock (Servers)
            {
                Servers.Add(server);
            }
        }

        public static void Remove(SandboxServer server)
        {
            lock (Servers)
            {
                Servers.Remove(server);
            }
        }

        /// <summary>True when <paramref name="baseUri"/> is a sandbox of this process that delivers webhooks: the one case a local webhook URL makes sense.</summary>
        public static bool DeliversAt(System.Uri baseUri) => All().Any(s => s.Options.DeliverWebhooks && s.BaseUri == baseUri);

        public static IReadOnlyList<SandboxServer> All()
        {
            lock (Servers)
            {
                return Servers.ToList();
            }
        }
    }
}
