using System.Linq;
using System.Management.Automation;
using Callbell.Http;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Shows the last request attempts this session sent to Callbell.</para>
    /// <para type="description">Every attempt of every request (retries included) is kept in a bounded log of the process's last 1,000: when it left, method, URL, status, duration, attempt number, the ErrorId of a failure, the rate-limit headers, and the masked headers and start of each body. It shows this session's (this runspace's) attempts; -AllSessions shows those of every runspace of the process (thread jobs, ForEach-Object -Parallel). A runbook's failure handler prints it, so a failure at 3 a.m. that nobody watched with -Verbose can still be read. Tokens, authorization headers and secret fields are masked. Clear-CallbellRequestLog empties it.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellRequestLog -Last 20 | Format-Table</code>
    ///   <para>The last 20 attempts: time, method, URL, status, duration, attempt and ErrorId.</para>
    /// </example>
    /// <example>
    ///   <code>try { Import-Csv ./crm.csv | Set-CallbellContact -ErrorAction Stop } catch { Get-CallbellRequestLog -Last 50 | Out-String | Write-Output; throw }</code>
    ///   <para>A runbook's failure handler: writes the last 50 attempts to the job's output, then fails the job.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellRequestLog -Failed | Select-Object -Last 1 | Format-List *</code>
    ///   <para>Everything about the last failed attempt, headers and body starts included.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellRequestLog")]
    [OutputType(typeof(RequestLogEntry))]
    public sealed class GetCallbellRequestLogCommand : CallbellCmdlet
    {
        /// <summary>How many of the newest attempts to show, oldest first. Default 100; at most 1,000 are kept.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, RequestHistory.Capacity)]
        public int Last { get; set; } = 100;

        /// <summary>Only attempts that failed (no answer, or a status of 400 or more).</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        /// <summary>Only the attempts of this account (a connection from Connect-Callbell -PassThru or Get-CallbellConnection).</summary>
        [Parameter]
        [ValidateNotNull]
        public CallbellConnectionInfo? Connection { get; set; }

        /// <summary>The attempts of every session (runspace) of the process, not only this one's.</summary>
        [Parameter]
        public SwitchParameter AllSessions { get; set; }

        protected override void ProcessItem()
        {
            var session = AllSessions ? null : CurrentSession;
            var entries = RequestHistory.Last(Failed ? RequestHistory.Capacity : Last, Connection?.Connection.Account, session);
            var shown = Failed ? entries.Where(e => e.ErrorId != null || e.StatusCode is null || e.StatusCode >= 400).ToList() : entries.ToList();
            WriteObject(shown.Skip(System.Math.Max(0, shown.Count - Last)), enumerateCollection: true);
        }
    }
}
