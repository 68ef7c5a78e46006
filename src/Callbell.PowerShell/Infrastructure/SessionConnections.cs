using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// The connections of each runspace: parallel runspaces (ForEach-Object -Parallel, thread
    /// jobs, runspace pools) connect independently, and share the underlying connection when
    /// their settings match. A runspace that closes gives back what it held, as
    /// Disconnect-Callbell would: its share of the account's rate budget among it, so a budget
    /// lowered there does not outlive it.
    /// </summary>
    internal static class SessionConnections
    {
        private static readonly ConditionalWeakTable<object, ConnectionScope> ByRunspace = new ConditionalWeakTable<object, ConnectionScope>();
        private static readonly object NoRunspace = new object();

        public static ConnectionScope Scope
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace is null
                    ? ByRunspace.GetValue(NoRunspace, _ => new ConnectionScope())
                    : ByRunspace.GetValue(runspace, _ => ReleasedOnClose(runspace, new ConnectionScope()));
            }
        }

        public static CallbellConnectionInfo? Current => Scope.Session;

        private static ConnectionScope ReleasedOnClose(Runspace runspace, ConnectionScope scope)
        {
            runspace.StateChanged += (_, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state == RunspaceState.Closed || state == RunspaceState.Broken)
                {
                    scope.Disconnect();
                }
            };
            return scope;
        }
    }
}
