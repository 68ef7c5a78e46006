using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.CustomStatuses
{
    /// <summary>
    /// <para type="synopsis">Renames a custom status.</para>
    /// <para type="description">Changes the name of a custom status. Statuses from Get-CallbellCustomStatus bind by their Id.</para>
    /// </summary>
    /// <example>
    ///   <code>Set-CallbellCustomStatus -Id 8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b -Name 'Lunch' -PassThru</code>
    ///   <para>Renames the status and shows it.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellCustomStatus -All | Where-Object Name -eq 'Lunch break' | Set-CallbellCustomStatus -Name 'Lunch' -WhatIf</code>
    ///   <para>Says which status would be renamed, and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellCustomStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CustomStatus))]
    public sealed class SetCallbellCustomStatusCommand : CallbellChangeCmdlet
    {
        /// <summary>The custom status's id. Binds from the pipeline by an Id or CustomStatusId property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomStatusId")]
        [ArgumentCompleter(typeof(CustomStatusCompleter))]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = null!;

        /// <summary>The new name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>Writes the renamed status to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var (id, name) = (Id, Name);
            Change(id, id, "custom status " + id, "Rename to '" + name + "'", ct => Client.CustomStatuses.SetNameAsync(id, name, ct), PassThru);
        }
    }
}
