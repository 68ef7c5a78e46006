using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// The connections of each runspace: parallel runspaces (ForEach-Object -Parallel, runspace
    /// pools) connect independently, and share the underlying connection when their settings
    /// match. Held weakly, so a closed runspace takes its scope with it.
    /// </summary>
    internal static class SessionConnections
    {
        private static readonly ConditionalWeakTable<object, ConnectionScope> ByRunspace = new ConditionalWeakTable<object, ConnectionScope>();
        private static readonly object NoRunspace = new object();

        public static ConnectionScope Scope => ByRunspace.GetValue((object?)Runspace.DefaultRunspace ?? NoRunspace, _ => new ConnectionScope());

        public static CallbellConnectionInfo? Current => Scope.Session;
    }
}
