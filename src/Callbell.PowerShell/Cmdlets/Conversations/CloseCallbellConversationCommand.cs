using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Conversations
{
    /// <summary>
    /// <para type="synopsis">Closes the conversation of contacts.</para>
    /// <para type="description">Closes each contact's conversation (idempotent, so safe to retry), up to -ThrottleLimit at once. With -PassThru, writes the contact with ClosedAt set.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag resolved | Close-CallbellConversation</code>
    ///   <para>Closes every conversation of contacts tagged resolved.</para>
    /// </example>
    /// <example>
    ///   <code>Close-CallbellConversation -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -PassThru | Select-Object Name, ClosedAt</code>
    ///   <para>Closes one conversation and shows when.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Close, "CallbellConversation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Contact))]
    public sealed class CloseCallbellConversationCommand : ContactChangeCmdlet
    {
        /// <summary>Writes the result to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "conversation of contact " + uuid, "Close", ct => Client.Conversations.CloseAsync(uuid, ct), PassThru);
        }
    }
}
