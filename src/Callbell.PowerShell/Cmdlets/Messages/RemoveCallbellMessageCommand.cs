using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Messages
{
    /// <summary>
    /// <para type="synopsis">Deletes sent messages' content on Callbell. This cannot be undone.</para>
    /// <para type="description">Removes each message (by uuid, or by the external id Callbell gave it) on Callbell only: the recipient keeps what was delivered. Uses DELETE /messages/{uuid}, the reference's page title (its snippets send the uuid in a body instead). Asks first unless -Force or -Confirm:$false.</para>
    /// </summary>
    /// <example>
    ///   <code>Remove-CallbellMessage -Uuid 0f2c4b6e8a1c4e3f9b7d5a3c1e2f4a6b</code>
    ///   <para>Asks, then deletes the message's content on Callbell.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv sent.csv | Remove-CallbellMessage -Force</code>
    ///   <para>Deletes every message of a list (Uuid column) without asking.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "CallbellMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveCallbellMessageCommand : CallbellChangeCmdlet
    {
        /// <summary>The message's uuid or external id. Binds from the pipeline, by value or by a Uuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ExternalId")]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        protected override void ProcessItem()
        {
            // A local: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "message " + uuid, "Delete its content on Callbell for good", ct => Client.Messages.DeleteAsync(uuid, ct), passThru: false);
        }
    }
}
