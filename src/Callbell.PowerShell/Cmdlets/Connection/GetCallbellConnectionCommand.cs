using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Shows who this session is connected to Callbell as.</para>
    /// <para type="description">The user name and e-mail, base URI, masked token and settings of the connection Connect-Callbell made, or of $env:CALLBELL_API_TOKEN when there is none.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellConnection</code>
    ///   <para>Shows the user, e-mail, base URI and masked token of this session's connection.</para>
    /// </example>
    /// <example>
    ///   <code>if ((Get-CallbellConnection).BaseUri -notlike 'https://api.callbell.eu/*') { Write-Warning 'Not connected to production' }</code>
    ///   <para>A runbook's guard: checks where the session points before changing anything.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellConnection")]
    [OutputType(typeof(CallbellConnectionInfo))]
    public sealed class GetCallbellConnectionCommand : CallbellCmdlet
    {
        protected override void ProcessItem()
        {
            var info = SessionConnections.Current;
            if (info is null)
            {
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

                info = new CallbellConnectionInfo(fromEnvironment, null, "$env:" + CallbellEnvironment.TokenVariable);
            }

            WriteObject(info);
        }
    }
}
