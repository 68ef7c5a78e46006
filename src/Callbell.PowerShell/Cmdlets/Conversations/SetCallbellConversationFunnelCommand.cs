using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Conversations
{
    /// <summary>
    /// <para type="synopsis">Moves contacts' conversations to a funnel.</para>
    /// <para type="description">Moves each contact's conversation to the funnel -FunnelId names (Tab completes funnel names to ids). With -PassThru, writes the contact.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag qualified | Set-CallbellConversationFunnel -FunnelId 5f2b6c1d-3e4a-4b8c-9d0e-1f2a3b4c5d6e</code>
    ///   <para>Moves every conversation of contacts tagged qualified to that funnel.</para>
    /// </example>
    /// <example>
    ///   <code>Set-CallbellConversationFunnel -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -FunnelId (Get-CallbellFunnel -Name Won).Uuid -PassThru</code>
    ///   <para>Moves one conversation to the Won funnel and shows the contact.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellConversationFunnel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Contact))]
    public sealed class SetCallbellConversationFunnelCommand : ContactChangeCmdlet
    {
        /// <summary>Writes the result to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The funnel's id (a dashed GUID); Tab completes funnel names.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Callbell.PowerShell.Completers.FunnelCompleter))]
        [ValidateNotNullOrEmpty]
        public string FunnelId { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            var funnel = FunnelId;
            Change(uuid, uuid, "conversation of contact " + uuid, "Move to funnel " + funnel, ct => Client.Conversations.SetFunnelAsync(uuid, funnel, ct), PassThru);
        }
    }
}
