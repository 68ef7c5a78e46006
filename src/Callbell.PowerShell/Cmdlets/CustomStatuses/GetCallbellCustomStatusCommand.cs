using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.CustomStatuses
{
    /// <summary>
    /// <para type="synopsis">Gets the account's custom statuses ("In a meeting", "Lunch break").</para>
    /// <para type="description">Lists custom statuses, or one by -Id, which binds from the pipeline.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellCustomStatus -All</code>
    ///   <para>Every custom status with its emoji and id.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellCustomStatus -Id 3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10</code>
    ///   <para>One custom status.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellCustomStatus", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(CustomStatus))]
    public sealed class GetCallbellCustomStatusCommand : CallbellListCmdlet
    {
        private const string IdSet = "ById";

        /// <summary>The custom status's id (a dashed GUID). Binds from the pipeline, by value or by an Id or CustomStatusId property.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomStatusId")]
        [ArgumentCompleter(typeof(CustomStatusCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = null!;

        protected override void ProcessItem()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id)
                {
                    Lookup(id, 0, ct => Client.CustomStatuses.GetAsync(id, ct));
                }

                return;
            }

            WriteList(
                "custom statuses",
                "custom statuses",
                new PagePosition(Page),
                position => Client.CustomStatuses.GetPageAsync(position.Page, CancellationToken),
                position => Client.CustomStatuses.ListPagesAsync(position.Page, CancellationToken));
        }
    }
}
