using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Bots
{
    /// <summary>
    /// <para type="synopsis">Gets the bot of contacts' conversations: which bot, its status and version.</para>
    /// <para type="description">For each contact given by -Uuid or from the pipeline, up to -ThrottleLimit at once, in input order.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContactBot -Uuid 414a6d692bd645ed803f2e7ce360d4c8</code>
    ///   <para>The bot of one conversation.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag lead | Get-CallbellContactBot | Where-Object Status -eq in_progress</code>
    ///   <para>The leads whose bot is still talking.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellContactBot")]
    [OutputType(typeof(Bot))]
    public sealed class GetCallbellContactBotCommand : CallbellApiCmdlet
    {
        /// <summary>The contact's uuid. Binds from the pipeline, by value or by a Uuid or ContactUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactUuid")]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        /// <summary>Lookups in flight at once. Default: adapts to the rate budget and the latency, from 16 up to Connect-Callbell -ThrottleLimit (256).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        protected override void ProcessItem()
        {
            var uuid = Uuid;
            Lookup(uuid, ThrottleLimit, ct => Client.Bots.GetAsync(uuid, ct));
        }
    }
}
