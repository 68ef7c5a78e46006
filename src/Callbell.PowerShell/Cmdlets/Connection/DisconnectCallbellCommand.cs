using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Forgets this session's Callbell connection.</para>
    /// <para type="description">Later cmdlets fall back to $env:CALLBELL_API_TOKEN, or fail asking for a token. The connection, its HTTP client and the token are released from the process once no other runspace uses them. Nothing changes on the server.</para>
    /// </summary>
    /// <example>
    ///   <code>Disconnect-Callbell</code>
    ///   <para>Forgets the connection; later cmdlets use $env:CALLBELL_API_TOKEN or ask for a token.</para>
    /// </example>
    /// <example>
    ///   <code>try { Connect-Callbell; Get-CallbellContact -All | Export-Csv ./contacts.csv } finally { Disconnect-Callbell }</code>
    ///   <para>A runbook step that leaves no connection behind in a reused runspace.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "Callbell")]
    [OutputType(typeof(void))]
    public sealed class DisconnectCallbellCommand : CallbellCmdlet
    {
        protected override void ProcessItem()
        {
            var info = SessionConnections.Scope.Disconnect();
            WriteVerbose(info is null ? "Not connected; nothing to forget." : "Disconnected from " + info.BaseUri.AbsoluteUri + ".");
        }
    }
}
