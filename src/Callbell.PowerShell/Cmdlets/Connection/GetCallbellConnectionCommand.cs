using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Lists the Callbell accounts this session is connected to.</para>
    /// <para type="description">Every connection Connect-Callbell made in this session, the default (IsDefault, the latest connected) last, with the user, base URI, masked token, proxy and settings; or the connection $env:CALLBELL_API_TOKEN gives when nothing was connected. Pass one to any cmdlet's -Connection to use that account.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellConnection</code>
    ///   <para>Shows each connected account: user, e-mail, base URI, masked token and whether it is the default.</para>
    /// </example>
    /// <example>
    ///   <code>$b = Get-CallbellConnection | Where-Object UserEmail -eq 'ops@agency.example'; Get-CallbellContact -All -Connection $b</code>
    ///   <para>Picks one of several connected accounts and lists its contacts.</para>
    /// </example>
    /// <example>
    ///   <code>if ((Get-CallbellConnection -Default).BaseUri -notlike 'https://api.callbell.eu/*') { Write-Warning 'Not connected to production' }</code>
    ///   <para>A runbook's guard: checks where the session's default connection points before changing anything.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellConnection")]
    [OutputType(typeof(CallbellConnectionInfo))]
    public sealed class GetCallbellConnectionCommand : CallbellCmdlet
    {
        /// <summary>Only the connection cmdlets use when they are not given -Connection.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void ProcessItem()
        {
            var connected = SessionConnections.Scope.Connected;
            if (connected.Count > 0)
            {
                WriteObject(Default ? new[] { connected[connected.Count - 1] } : connected, enumerateCollection: true);
                return;
            }

            CallbellConnection? fromEnvironment;
            try
            {
                fromEnvironment = SessionConnections.Scope.FromEnvironment();
            }
            catch (CallbellException ex)
            {
                WriteError(ErrorRecords.From(ex, null));
                return;
            }

            if (fromEnvironment is null)
            {
                WriteError(ErrorRecords.From(new CallbellException(CallbellErrorKind.Authentication, "Callbell.NotConnected", "Not connected to Callbell.")
                {
                    RecommendedAction = "Run Connect-Callbell, or set $env:" + CallbellEnvironment.TokenVariable + ".",
                }, null));
                return;
            }

            WriteObject(new CallbellConnectionInfo(fromEnvironment, null, "$env:" + CallbellEnvironment.TokenVariable) { IsDefault = true });
        }
    }
}
