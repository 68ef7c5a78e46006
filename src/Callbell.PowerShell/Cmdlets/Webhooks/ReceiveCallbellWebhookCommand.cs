using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using Callbell.PowerShell.Infrastructure;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Listens for Callbell's webhook posts and writes each event to the pipeline as it arrives.</para>
    /// <para type="description">Starts a local HTTP listener on -Port (all interfaces) or on -Prefix (HttpListener prefixes such as http://localhost:8080/callbell/). It answers Callbell's connection checks with 200 {"status":"ok"}; with -Secret it verifies each event's X-Callbell-Signature and answers a bad or missing one with 401 and a warning. Each event is acknowledged with 200 as soon as it is queued, and written to the pipeline typed as ConvertFrom-CallbellWebhook types it. When -QueueLimit events wait for a slow pipeline, further deliveries are answered 503 so that Callbell sends them again: an acknowledged event is never dropped for lack of room. Stops on Ctrl+C, after -Count events (it acknowledges no more than that), or after -TimeoutSec seconds (then writes what was already acknowledged). Callbell refuses localhost URLs: expose the port through a reverse proxy or a tunnel and register the public URL with Register-CallbellWebhook. No connection to Callbell is needed.</para>
    /// </summary>
    /// <example>
    ///   <code>Receive-CallbellWebhook -Port 8080 -Secret $secret | Where-Object Event -eq message_created | ForEach-Object { "$($_.Payload.Contact.Name): $($_.Payload.Text)" }</code>
    ///   <para>Prints each new message as it arrives, until Ctrl+C.</para>
    /// </example>
    /// <example>
    ///   <code>$event = Receive-CallbellWebhook -Port 8080 -Count 1 -TimeoutSec 120</code>
    ///   <para>Waits up to two minutes for one event: handy to see what a delivery holds.</para>
    /// </example>
    /// <example>
    ///   <code>Receive-CallbellWebhook -Prefix 'http://localhost:8080/callbell/' -Secret $secret | Export-Csv ./events.csv -Append</code>
    ///   <para>Behind a reverse proxy on the same machine: only loopback, one path, every event appended to a CSV.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Receive, "CallbellWebhook", DefaultParameterSetName = PortSet)]
    [OutputType(typeof(InboundEvent))]
    public sealed class ReceiveCallbellWebhookCommand : CallbellCmdlet
    {
        private const string PortSet = "Port";
        private const string PrefixSet = "Prefix";
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

        /// <summary>The TCP port to listen on, on every interface (http://+:PORT/).</summary>
        [Parameter(ParameterSetName = PortSet, Mandatory = true, Position = 0)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>HttpListener prefixes to listen on instead of a port, e.g. http://localhost:8080/callbell/ (each ends in /).</summary>
        [Parameter(ParameterSetName = PrefixSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Prefix { get; set; } = null!;

        /// <summary>The webhook signing secret, whsec_ included, as a SecureString or text. Without it, events are accepted unverified.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? Secret { get; set; }

        /// <summary>How far a signature's time may be from this machine's clock. Default: 5 minutes.</summary>
        [Parameter]
        public TimeSpan Tolerance { get; set; } = WebhookSignature.DefaultTolerance;

        /// <summary>Stops after this many events; no more than this many are acknowledged.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Stops after this many seconds, then writes the events already acknowledged.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Events that may wait for the pipeline before deliveries are answered 503. Default: 1000.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int QueueLimit { get; set; } = 1000;

        protected override void EndProcessing()
        {
            var options = new WebhookListenerOptions
            {
                Prefixes = ParameterSetName == PortSet ? new[] { "http://+:" + Port.ToString(CultureInfo.InvariantCulture) + "/" } : Prefix,
                Secret = Secret is null ? null : SecureStrings.Reveal(Secret),
                Tolerance = Tolerance,
                QueueLimit = QueueLimit,
                AcceptLimit = Count > 0 ? Count : (int?)null,
            };

            WebhookListener listener;
            try
            {
                listener = WebhookListener.Start(options);
            }
            catch (CallbellException ex)
            {
                Terminate(ex, ParameterSetName == PortSet ? (object)Port : string.Join(", ", Prefix));
                return;
            }

            using (listener)
            {
                WriteVerbose("Listening on " + string.Join(", ", options.Prefixes) + (options.Secret is null ? " without verifying signatures" : " and verifying signatures") + ". Ctrl+C stops.");
                Listen(listener);
            }
        }

        private void Listen(WebhookListener listener)
        {
            var written = 0;
            var stopped = false;
            var deadline = TimeoutSec > 0 ? DateTime.UtcNow.AddSeconds(TimeoutSec) : DateTime.MaxValue;
            try
            {
                while (Count == 0 || written < Count)
                {
                    var remaining = deadline == DateTime.MaxValue ? Poll : deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero && !stopped)
                    {
                        // Time is up: refuse new deliveries (Callbell retries them), then write what was acknowledged.
                        listener.Stop();
                        stopped = true;
                        WriteVerbose("Stopped listening after " + TimeoutSec + " s.");
                    }

                    if (!listener.TryTake(out var entry, stopped ? TimeSpan.Zero : (remaining < Poll ? remaining : Poll), CancellationToken))
                    {
                        if (stopped)
                        {
                            return;
                        }

                        continue;
                    }

                    switch (entry!.Kind)
                    {
                        case ListenerEntryKind.Event:
                            written++;
                            WriteObject(entry.Event);
                            break;
                        case ListenerEntryKind.Check:
                            WriteVerbose(entry.Remote + ": " + entry.Detail);
                            break;
                        default:
                            WriteWarning(entry.Detail);
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the listener closes as this returns; Callbell retries what it could not deliver.
            }
        }
    }
}
