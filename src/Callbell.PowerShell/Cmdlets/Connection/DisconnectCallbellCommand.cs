using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Forgets Callbell connections of this session.</para>
    /// <para type="description">Without -Connection, forgets every connection of the session; with it, only those given (the latest remaining one becomes the default). Later cmdlets fall back to $env:CALLBELL_API_TOKEN, or fail asking for a token. Each connection, its HTTP client and the token are released from the process once no other runspace uses them. Nothing changes on the server.</para>
    /// </summary>
    /// <example>
    ///   <code>Disconnect-Callbell</code>
    ///   <para>Forgets every connection; later cmdlets use $env:CALLBELL_API_TOKEN or ask for a token.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellConnection | Where-Object BaseUri -like '*staging*' | Disconnect-Callbell</code>
    ///   <para>Forgets only the staging account's connection; the others stay.</para>
    /// </example>
    /// <example>
    ///   <code>try { Connect-Callbell; Get-CallbellContact -All | Export-Csv ./contacts.csv } finally { Disconnect-Callbell }</code>
    ///   <para>A runbook step that leaves no connection behind in a reused runspace.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "Callbell")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCallbellCommand : CallbellCmdlet
    {
        /// <summary>The connections to forget (from Connect-Callbell -PassThru or Get-CallbellConnection). Default: all of this session's.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CallbellConnectionInfo[]? Connection { get; set; }

        protected override void ProcessItem()
        {
            if (Connection is null)
            {
                var forgotten = SessionConnections.Scope.Disconnect();
                WriteVerbose(forgotten.Count == 0 ? "Not connected; nothing to forget." : "Disconnected from " + string.Join(", ", System.Linq.Enumerable.Select(forgotten, c => c.BaseUri.AbsoluteUri)) + ".");
                return;
            }

            foreach (var info in Connection)
            {
                if (SessionConnections.Scope.Disconnect(info))
                {
                    WriteVerbose("Disconnected from " + info + ".");
                }
                else
                {
                    WriteVerbose(info + " is not one of this session's connections (already disconnected, or made in another runspace); nothing to forget.");
                }
            }
        }
    }
}
