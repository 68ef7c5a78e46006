using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Teams
{
    /// <summary>
    /// <para type="synopsis">Renames a team.</para>
    /// <para type="description">Changes the team's name (the only field the API lets change). Teams from Get-CallbellTeam bind by their Uuid.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellTeam -Name Support | Set-CallbellTeam -Name 'Customer Care' -WhatIf</code>
    ///   <para>Says which team would be renamed, and sends nothing.</para>
    /// </example>
    /// <example>
    ///   <code>Set-CallbellTeam -Uuid 9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c -Name 'Customer Care' -PassThru</code>
    ///   <para>Renames the team and shows it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellTeam", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Team))]
    public sealed class SetCallbellTeamCommand : CallbellChangeCmdlet
    {
        /// <summary>The team's uuid. Binds from the pipeline by a Uuid or TeamUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TeamUuid")]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        /// <summary>The new name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>Writes the renamed team to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var (uuid, name) = (Uuid, Name);
            Change(uuid, uuid, "team " + uuid, "Rename to '" + name + "'", ct => Client.Teams.SetNameAsync(uuid, name, ct), PassThru);
        }
    }
}
