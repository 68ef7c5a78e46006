using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Bots
{
    /// <summary>
    /// <para type="synopsis">Stops the bot of contacts' conversations.</para>
    /// <para type="description">Stops the conversation bot for each contact, so an agent can take over (idempotent, so safe to retry). With -PassThru, writes the bot.</para>
    /// </summary>
    /// <example>
    ///   <code>Stop-CallbellContactBot -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -PassThru</code>
    ///   <para>Stops the bot and shows its status.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag escalated | Stop-CallbellContactBot</code>
    ///   <para>Stops the bot for every escalated contact.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "CallbellContactBot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Bot))]
    public sealed class StopCallbellContactBotCommand : ContactChangeCmdlet
    {
        /// <summary>Writes the result to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var uuid = Uuid;
            Change(uuid, uuid, "bot of contact " + uuid, "Stop", ct => Client.Bots.SetAsync(uuid, false, ct), PassThru);
        }
    }
}
