using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.CustomStatuses
{
    /// <summary>
    /// <para type="synopsis">Creates a custom status.</para>
    /// <para type="description">Creates a custom status with the given name and writes it to the pipeline. The API does not let the emoji be set.</para>
    /// </summary>
    /// <example>
    ///   <code>New-CallbellCustomStatus -Name 'Training'</code>
    ///   <para>Creates the status and shows its new id.</para>
    /// </example>
    /// <example>
    ///   <code>'Training', 'On site' | New-CallbellCustomStatus</code>
    ///   <para>Creates two statuses from the pipeline.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "CallbellCustomStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CustomStatus))]
    public sealed class NewCallbellCustomStatusCommand : CallbellChangeCmdlet
    {
        /// <summary>The status's name. Binds from the pipeline, by value or by a Name property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var name = Name;
            Change(name, name, "custom status '" + name + "'", "Create", ct => Client.CustomStatuses.CreateAsync(name, ct), passThru: true);
        }
    }
}
