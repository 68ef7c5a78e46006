using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Conversations
{
    /// <summary>
    /// <para type="synopsis">Reopens the conversation of contacts.</para>
    /// <para type="description">Reopens each contact's conversation (also one that is open: the API treats it as idempotent, so it is safe to retry), up to -ThrottleLimit at once. With -PassThru, writes the contact.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -Uuid 414a6d692bd645ed803f2e7ce360d4c8 | Open-CallbellConversation -PassThru</code>
    ///   <para>Reopens the conversation and shows the contact (ClosedAt is empty again).</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv reopen.csv | Open-CallbellConversation -WhatIf</code>
    ///   <para>Says which conversations would be reopened (Uuid column), and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Open, "CallbellConversation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Contact))]
    public sealed class OpenCallbellConversationCommand : ContactChangeCmdlet
    {
        /// <summary>Writes the result to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "conversation of contact " + uuid, "Reopen", ct => Client.Conversations.OpenAsync(uuid, ct), PassThru);
        }
    }
}
