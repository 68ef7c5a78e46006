using System;
using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Teams
{
    /// <summary>
    /// <para type="synopsis">Gets the account's teams.</para>
    /// <para type="description">Lists teams, or those whose name matches a wildcard pattern (matched here: the API has no name filter), or one by -Uuid, which binds from the pipeline.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellTeam -Name 'Sup*'</code>
    ///   <para>Teams whose name starts with "Sup".</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellTeam | Get-CallbellTeamMember -Status available</code>
    ///   <para>Every available agent, team by team.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellTeam", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Team))]
    public sealed class GetCallbellTeamCommand : CallbellListCmdlet
    {
        private const string UuidSet = "ByUuid";

        /// <summary>The team's uuid. Binds from the pipeline, by value or by a Uuid or TeamUuid property.</summary>
        [Parameter(ParameterSetName = UuidSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TeamUuid")]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Uuid { get; set; } = null!;

        /// <summary>Only teams whose name matches this wildcard pattern (case-insensitive).</summary>
        [Parameter(ParameterSetName = ListSet, Position = 0)]
        [ArgumentCompleter(typeof(TeamNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == UuidSet)
            {
                foreach (var uuid in Uuid)
                {
                    Lookup(uuid, 0, ct => Client.Teams.GetAsync(uuid, ct));
                }

                return;
            }

            var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            WriteList(
                "teams",
                "teams",
                new PagePosition(Page),
                position => Client.Teams.GetPageAsync(position.Page, CancellationToken),
                position => Client.Teams.ListPagesAsync(position.Page, CancellationToken),
                pattern is null ? null : new Func<Team, bool>(team => pattern.IsMatch(team.Name ?? string.Empty)),
                Name is null ? null : "team named '" + Name + "'");
        }
    }
}
