using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Bots
{
    /// <summary>
    /// <para type="synopsis">Starts the bot of contacts' conversations.</para>
    /// <para type="description">Starts the conversation bot for each contact (setting a status is idempotent, so safe to retry). With -PassThru, writes the bot.</para>
    /// </summary>
    /// <example>
    ///   <code>Start-CallbellContactBot -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -PassThru</code>
    ///   <para>Starts the bot and shows its status.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag lead | Start-CallbellContactBot -WhatIf</code>
    ///   <para>Says for which contacts the bot would start, and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Start, "CallbellContactBot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Bot))]
    public sealed class StartCallbellContactBotCommand : ContactChangeCmdlet
    {
        /// <summary>Writes the result to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "bot of contact " + uuid, "Start", ct => Client.Bots.SetAsync(uuid, true, ct), PassThru);
        }
    }
}
