using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Messages
{
    /// <summary>
    /// <para type="synopsis">Gets the delivery status of sent messages.</para>
    /// <para type="description">For each message uuid (from Send-CallbellMessage through the pipeline, or -Uuid): enqueued, sent, delivered, read, failed, mismatch or deleted, with the provider's raw status payload. Up to -ThrottleLimit lookups at once, in input order.</para>
    /// </summary>
    /// <example>
    ///   <code>Send-CallbellMessage -To +393331234567 -Text Hi | Get-CallbellMessageStatus</code>
    ///   <para>The status of the message just sent.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv sent.csv | Get-CallbellMessageStatus | Where-Object Status -eq failed</code>
    ///   <para>The messages of an earlier campaign that failed (a Uuid column).</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellMessageStatus")]
    [OutputType(typeof(MessageSendRequest))]
    public sealed class GetCallbellMessageStatusCommand : CallbellApiCmdlet
    {
        /// <summary>The message's uuid. Binds from the pipeline, by value or by a Uuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        /// <summary>Lookups in flight at once. Default: adapts to the rate budget and the latency, from 16 up to Connect-Callbell -ThrottleLimit (256).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        protected override void ProcessItem()
        {
            var uuid = Uuid;
            Lookup(uuid, ThrottleLimit, ct => Client.Messages.GetStatusAsync(uuid, ct));
        }
    }
}
