using System.Management.Automation;
using Callbell.Http;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Empties the log of request attempts that Get-CallbellRequestLog shows.</para>
    /// <para type="description">Forgets this session's (this runspace's) attempts; with -AllSessions, those of every runspace of the process. Nothing changes on the server. A runbook clears the log before a step whose attempts its failure handler will print.</para>
    /// </summary>
    /// <example>
    ///   <code>Clear-CallbellRequestLog; try { Import-Csv ./crm.csv | Set-CallbellContact -ErrorAction Stop } catch { Get-CallbellRequestLog -Failed | Out-String | Write-Output; throw }</code>
    ///   <para>Prints only the failed attempts of this step when it fails.</para>
    /// </example>
    /// <example>
    ///   <code>Clear-CallbellRequestLog -AllSessions</code>
    ///   <para>Forgets the attempts of every runspace of the process.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Clear, "CallbellRequestLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class ClearCallbellRequestLogCommand : CallbellCmdlet
    {
        /// <summary>Forgets the attempts of every session (runspace) of the process, not only this one's.</summary>
        [Parameter]
        public SwitchParameter AllSessions { get; set; }

        protected override void ProcessItem()
        {
            if (!ShouldProcess(AllSessions ? "request log of every session of this process" : "request log of this session", "Clear"))
            {
                return;
            }

            RequestHistory.Clear(AllSessions ? null : CurrentSession);
        }
    }
}
