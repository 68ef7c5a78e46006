using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Contacts
{
    /// <summary>
    /// <para type="synopsis">Deletes contacts. This cannot be undone.</para>
    /// <para type="description">Deletes each contact given by -Uuid or from the pipeline, up to -ThrottleLimit at once. Asks for confirmation unless -Force or -Confirm:$false.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -Tag old -All | Remove-CallbellContact -Confirm:$false</code>
    ///   <para>Deletes every contact tagged "old", without asking.</para>
    /// </example>
    /// <example>
    ///   <code>Remove-CallbellContact -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -WhatIf</code>
    ///   <para>Says what would be deleted, and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "CallbellContact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCallbellContactCommand : CallbellChangeCmdlet
    {
        /// <summary>The contact's uuid. Binds from the pipeline, by value or by a Uuid or ContactUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactUuid")]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "contact " + uuid, "Delete for good", ct => Client.Contacts.DeleteAsync(uuid, ct), passThru: false);
        }
    }
}
