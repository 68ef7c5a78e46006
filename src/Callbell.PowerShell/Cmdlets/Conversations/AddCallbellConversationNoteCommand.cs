using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Conversations
{
    /// <summary>
    /// <para type="synopsis">Adds an internal note to contacts' conversations.</para>
    /// <para type="description">Adds a note (visible to agents only; @name mentions a teammate) to each contact's conversation. A note that may have reached the server is not sent again after a failure, so it never appears twice.</para>
    /// </summary>
    /// <example>
    ///   <code>Add-CallbellConversationNote -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -Text 'Called back: refund approved'</code>
    ///   <para>Adds a note to one conversation.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag vip | Add-CallbellConversationNote -Text '@anna please follow up'</code>
    ///   <para>Adds a note that mentions Anna to every VIP conversation.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Add, "CallbellConversationNote", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class AddCallbellConversationNoteCommand : ContactChangeCmdlet
    {
        /// <summary>The note's text; @name mentions a teammate.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Text { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            var text = Text;
            Change(uuid, uuid, "conversation of contact " + uuid, "Add the note '" + (text.Length > 40 ? text.Substring(0, 40) + "…" : text) + "'", ct => Client.Conversations.AddNoteAsync(uuid, text, ct), passThru: false);
        }
    }
}
