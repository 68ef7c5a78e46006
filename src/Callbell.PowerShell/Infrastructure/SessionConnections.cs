using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// The connection Connect-Callbell made, one per runspace: parallel runspaces (ForEach-Object
    /// -Parallel, runspace pools) connect independently. Held weakly, so a closed runspace takes
    /// its connection record with it.
    /// </summary>
    internal static class SessionConnections
    {
        private static readonly ConditionalWeakTable<object, Holder> ByRunspace = new ConditionalWeakTable<object, Holder>();
        private static readonly object NoRunspace = new object();

        public static CallbellConnectionInfo? Current
        {
            get => HolderFor().Info;
            set => HolderFor().Info = value;
        }

        private static Holder HolderFor() => ByRunspace.GetValue((object?)Runspace.DefaultRunspace ?? NoRunspace, _ => new Holder());

        private sealed class Holder
        {
            public CallbellConnectionInfo? Info { get; set; }
        }
    }
}
