using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Teams
{
    /// <summary>
    /// <para type="synopsis">Gets the agents of a team, with their availability and custom status.</para>
    /// <para type="description">Lists a team's members, all or only those available or away (filtered by the server). Teams from Get-CallbellTeam bind by their Uuid; each member carries the TeamUuid it was listed for.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellTeam | Get-CallbellTeamMember -All</code>
    ///   <para>Every member of every team.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellTeamMember -TeamUuid 9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c -Status away</code>
    ///   <para>The agents of one team who are away.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellTeamMember", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(TeamMember))]
    public sealed class GetCallbellTeamMemberCommand : CallbellListCmdlet
    {
        /// <summary>The team's uuid. Binds from the pipeline, by value or by a TeamUuid or Uuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Uuid")]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [ValidateNotNullOrEmpty]
        public string TeamUuid { get; set; } = null!;

        /// <summary>Only members who are available, or only those who are away.</summary>
        [Parameter]
        [ValidateSet("available", "away")]
        public string? Status { get; set; }

        protected override void ProcessItem() =>
            WriteList(
                TeamUuid,
                "members",
                new PagePosition(Page),
                position => Client.Teams.GetMembersPageAsync(TeamUuid, Status, position.Page, CancellationToken),
                position => Client.Teams.ListMembersPagesAsync(TeamUuid, Status, position.Page, CancellationToken));
    }
}
