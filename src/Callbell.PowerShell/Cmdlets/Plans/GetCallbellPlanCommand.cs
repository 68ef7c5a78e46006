using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Plans
{
    /// <summary>
    /// <para type="synopsis">Gets the account's plan: included channels, licences, active users and teams.</para>
    /// <para type="description">One object with the plan's name, how many channels and licences it includes, how many users are active (and so how many licences are free), and the account's teams.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellPlan</code>
    ///   <para>Shows the plan and its licence usage.</para>
    /// </example>
    /// <example>
    ///   <code>if ((Get-CallbellPlan).FreeLicenses -lt 1) { Write-Warning 'No free Callbell licence' }</code>
    ///   <para>Warns a runbook when every licence is in use.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellPlan")]
    [OutputType(typeof(Plan))]
    public sealed class GetCallbellPlanCommand : CallbellApiCmdlet
    {
        protected override void ProcessItem() => ForItem("plan", () => WriteObject(Await(Client.Plan.GetAsync(CancellationToken))));
    }
}
