using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Messages
{
    /// <summary>
    /// <para type="synopsis">Waits until sent messages reach a status: delivered, read or failed by default.</para>
    /// <para type="description">Collects the messages from the pipeline (or -Uuid), then polls them together, with a backoff from half a second to five, writing each as it settles. Each message is followed on its own: an unknown uuid is an error for that message alone, and messages still pending after -TimeoutSec are each a non-terminating error naming the message and its last status.</para>
    /// </summary>
    /// <example>
    ///   <code>Send-CallbellMessage -To +393331234567 -Text 'Hello' | Wait-CallbellMessage -TimeoutSec 10</code>
    ///   <para>Sends a message and waits up to ten seconds for it to be delivered, read or failed.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv list.csv | Send-CallbellMessage -TemplateUuid $t | Wait-CallbellMessage -Status read -TimeoutSec 600</code>
    ///   <para>Waits up to ten minutes for every message of a campaign to be read.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "CallbellMessage")]
    [OutputType(typeof(MessageSendRequest))]
    public sealed class WaitCallbellMessageCommand : CallbellApiCmdlet
    {
        private readonly List<string> _uuids = new List<string>();

        /// <summary>The message's uuid. Binds from the pipeline, by value or by a Uuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Uuid { get; set; } = null!;

        /// <summary>The statuses that end the wait. Default: delivered, read, failed (and any final status).</summary>
        [Parameter]
        [ValidateSet("sent", "delivered", "read", "failed")]
        public string[] Status { get; set; } = { "delivered", "read", "failed" };

        /// <summary>How long to wait, in seconds. Default 60.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 60;

        protected override void ProcessItem()
        {
            foreach (var uuid in Uuid)
            {
                try
                {
                    _uuids.Add(Callbell.Http.Identifier.Validate(uuid, "Uuid"));
                }
                catch (CallbellException ex)
                {
                    WriteError(ErrorRecords.From(ex, uuid));
                }
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_uuids.Count == 0)
            {
                return;
            }

            var waits = Client.Messages.WaitAsync(_uuids, Status, TimeSpan.FromSeconds(TimeoutSec), CancellationToken).GetAsyncEnumerator(CancellationToken);
            var progress = new CommandProgress(0x0CA11BE3, MyInvocation.MyCommand.Name, "Waiting for " + _uuids.Count + " message(s) to reach " + string.Join(", ", Status));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var ended = 0;
            var next = waits.MoveNextAsync().AsTask();
            try
            {
                while (true)
                {
                    // The wait can be long and quiet: a tick between results keeps the bar moving.
                    if (!ReferenceEquals(Await(Task.WhenAny(next, Task.Delay(250, CancellationToken))), next))
                    {
                        var update = progress.Update(ended + " of " + _uuids.Count + " settled; " + (int)clock.Elapsed.TotalSeconds + " s of " + TimeoutSec + " s", (int)(clock.Elapsed.TotalSeconds * 100 / TimeoutSec));
                        if (update != null)
                        {
                            WriteProgress(update);
                        }

                        continue;
                    }

                    if (!Await(next))
                    {
                        break;
                    }

                    ended++;
                    var result = waits.Current;
                    if (result.Settled)
                    {
                        WriteObject(result.Message);
                    }
                    else if (result.Error != null && result.Error.Kind != CallbellErrorKind.Timeout && result.Message is null)
                    {
                        WriteError(ErrorRecords.From(result.Error, result.Uuid));
                    }
                    else
                    {
                        WriteError(ErrorRecords.From(TimedOut(result), result.Uuid));
                    }

                    next = waits.MoveNextAsync().AsTask();
                }
            }
            finally
            {
                // Stopped during a wait: the read in flight ends with the cancellation; an
                // enumerator cannot be disposed while it reads.
                Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(2))).Wait();
                if (next.IsCompleted)
                {
                    waits.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
                }

                CompleteProgress(progress);
            }
        }

        private CallbellException TimedOut(Callbell.Messages.MessageWaitResult result)
        {
            var seen = result.Message?.Status is string status ? " (last status: " + status + ")" : string.Empty;
            var failed = result.Error != null ? " The last read failed: " + result.Error.Message : string.Empty;
            return new CallbellException(CallbellErrorKind.Timeout, "Callbell.MessageWaitTimeout", "Message " + result.Uuid + " did not reach " + string.Join(", ", Status) + " within " + TimeoutSec + " s" + seen + "." + failed)
            {
                RecommendedAction = "Check it later with Get-CallbellMessageStatus -Uuid " + result.Uuid + ".",
            };
        }
    }
}
