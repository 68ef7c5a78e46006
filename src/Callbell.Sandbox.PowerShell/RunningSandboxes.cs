using System.Collections.Generic;
using System.Linq;
using Callbell.Sandbox;

namespace Callbell.Sandbox.PowerShell
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

        public static IReadOnlyList<SandboxServer> All()
        {
            lock (Servers)
            {
                return Servers.ToList();
            }
        }
    }
}
