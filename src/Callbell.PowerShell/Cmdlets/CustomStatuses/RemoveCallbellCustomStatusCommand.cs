using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.CustomStatuses
{
    /// <summary>
    /// <para type="synopsis">Deletes a custom status. This cannot be undone.</para>
    /// <para type="description">Deletes the custom status; agents showing it lose it. Asks for confirmation unless -Force or -Confirm:$false. Statuses from Get-CallbellCustomStatus bind by their Id.</para>
    /// </summary>
    /// <example>
    ///   <code>Remove-CallbellCustomStatus -Id 8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b</code>
    ///   <para>Asks, then deletes the status.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellCustomStatus -All | Where-Object Name -like 'Temp*' | Remove-CallbellCustomStatus -Force</code>
    ///   <para>Deletes every status whose name starts with "Temp", without asking.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "CallbellCustomStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCallbellCustomStatusCommand : CallbellChangeCmdlet
    {
        /// <summary>The custom status's id. Binds from the pipeline, by value or by an Id or CustomStatusId property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CustomStatusId")]
        [ArgumentCompleter(typeof(CustomStatusCompleter))]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var id = Id;
            Change(id, id, "custom status " + id, "Delete for good", ct => Client.CustomStatuses.DeleteAsync(id, ct), passThru: false);
        }
    }
}
