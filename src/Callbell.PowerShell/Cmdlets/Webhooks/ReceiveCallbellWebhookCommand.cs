using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using Callbell.PowerShell.Infrastructure;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Listens for Callbell's webhook posts and writes each event to the pipeline as it arrives.</para>
    /// <para type="description">Serves HTTP/1.1 on -Port, on this machine only (localhost) unless -ListenAddress says otherwise, or on -Prefix, alike on every OS and in Windows PowerShell and PowerShell 7, with no administrator rights or URL reservation needed for any address. The usual setup puts a reverse proxy or a tunnel in front, and Callbell refuses localhost URLs anyway: register the public URL with Register-CallbellWebhook. It answers Callbell's connection checks with 200 {"status":"ok"}. -Secret is required (or -AllowUnsigned, with a warning): each event's X-Callbell-Signature is verified before its body is parsed, and a bad or missing one is answered 401. An event is answered 200 only once it has been written to the pipeline; one still waiting when the command stops (Ctrl+C, -Count, -TimeoutSec, Select-Object -First downstream, an error) is answered 503, and Callbell sends it again, so an acknowledged event is never lost. Callbell disables a webhook after repeated failed deliveries, and 401 and 503 both count: the command warns when it starts answering 503. When an acknowledgement does not reach Callbell it resends the event, and events carry no id: -DeduplicateSec acknowledges, without writing again, a body identical to one written within that many seconds. Everything is bounded: events waiting (-QueueLimit), connections at once (1,024, idle ones included: the one idle longest, once idle 250 ms, makes room for a newcomer), the time a sender may take over a request (-BodyTimeoutSec) and a connection may idle (10 s), headers (16 KiB), body size (-MaxBodyKB, 256 KiB, else 413), and the bytes held in bodies in all (64 MiB). No connection to Callbell is needed.</para>
    /// </summary>
    /// <example>
    ///   <code>Receive-CallbellWebhook -Port 8080 -Secret $secret | Where-Object Event -eq message_created | ForEach-Object { "$($_.Payload.Contact.Name): $($_.Payload.Text)" }</code>
    ///   <para>Prints each new message as it arrives, until Ctrl+C. Listens on localhost:8080, behind a reverse proxy or tunnel.</para>
    /// </example>
    /// <example>
    ///   <code>$event = Receive-CallbellWebhook -Port 8080 -Secret $secret -Count 1 -TimeoutSec 120</code>
    ///   <para>Waits up to two minutes for one event: handy to see what a delivery holds.</para>
    /// </example>
    /// <example>
    ///   <code>Receive-CallbellWebhook -Port 8080 -ListenAddress + -Secret $secret -DeduplicateSec 600 | Export-Csv ./events.csv -Append</code>
    ///   <para>Listens on every interface (a container or a VM whose port is published), skips Callbell's resends of events already written, and appends each event to a CSV.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Receive, "CallbellWebhook", DefaultParameterSetName = PortSet)]
    [OutputType(typeof(InboundEvent))]
    public sealed class ReceiveCallbellWebhookCommand : CallbellCmdlet
    {
        private const string PortSet = "Port";
        private const string PrefixSet = "Prefix";
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

        /// <summary>The TCP port to listen on, on this machine only unless -ListenAddress is given.</summary>
        [Parameter(ParameterSetName = PortSet, Mandatory = true, Position = 0)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>Where -Port listens: localhost (the default: 127.0.0.1 and ::1, behind a reverse proxy or tunnel), + or 0.0.0.0 for every interface (a container, a VM), or one address of this machine. Every interface exposes the listener to anyone who can reach the machine: keep -Secret.</summary>
        [Parameter(ParameterSetName = PortSet)]
        [ValidateNotNullOrEmpty]
        public string ListenAddress { get; set; } = "localhost";

        /// <summary>Where to listen instead of a port, as http://address:port/path/: e.g. http://localhost:8080/callbell/ (requests to other paths get 404) or http://+:8080/ (every interface). Plain http: TLS is for the proxy or tunnel in front.</summary>
        [Parameter(ParameterSetName = PrefixSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Prefix { get; set; } = null!;

        /// <summary>The webhook signing secret, whsec_ included, as a SecureString or text. Required unless -AllowUnsigned.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? Secret { get; set; }

        /// <summary>Accepts events without verifying them (no -Secret): anyone who can reach the port could post events. Only for a webhook with signing off, behind something that vouches for the sender.</summary>
        [Parameter]
        public SwitchParameter AllowUnsigned { get; set; }

        /// <summary>How far a signature's time may be from this machine's clock. Default: 5 minutes.</summary>
        [Parameter]
        public TimeSpan Tolerance { get; set; } = WebhookSignature.DefaultTolerance;

        /// <summary>Stops after writing this many events; later deliveries are answered 503 and sent again by Callbell.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Stops after this many seconds; events not yet written are answered 503 and sent again by Callbell.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Events that may wait for the pipeline, each holding its delivery open, before deliveries are answered 503. Default: 100.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int QueueLimit { get; set; } = 100;

        /// <summary>How long a sender may take over one request, from its first byte to its last, before it is answered 408 and its connection cut. Default: 10.</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int BodyTimeoutSec { get; set; } = 10;

        /// <summary>The largest body read, in KiB; a larger one is answered 413 (Callbell retries it, so raise this rather than let an event fail for good). Default: 256, where Callbell's events are a few KB.</summary>
        [Parameter]
        [ValidateRange(1, 65536)]
        public int MaxBodyKB { get; set; } = 256;

        /// <summary>Acknowledges, without writing it again, an event whose body is identical to one written within this many seconds (Callbell's resend after a lost acknowledgement). Default: 0 (off).</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int DeduplicateSec { get; set; }

        protected override void EndProcessing()
        {
            if (ParameterSetName == PortSet && !IsListenAddress(ListenAddress))
            {
                Terminate(CallbellException.InvalidArgument("ListenAddress", "-ListenAddress '" + ListenAddress + "' is not an address to listen on.", "Use localhost (the default), + for every interface, or one address of this machine such as 10.0.0.5 or [::1]."), ListenAddress);
                return;
            }

            var options = new WebhookListenerOptions
            {
                Prefixes = ParameterSetName == PortSet ? PortPrefixes() : Prefix,
                Secret = Secret is null ? null : SecureStrings.Reveal(Secret),
                AllowUnsigned = AllowUnsigned,
                Tolerance = Tolerance,
                QueueLimit = QueueLimit,
                BodyTimeout = TimeSpan.FromSeconds(BodyTimeoutSec),
                MaxBodyBytes = MaxBodyKB * 1024,
                DuplicateWindow = DeduplicateSec > 0 ? TimeSpan.FromSeconds(DeduplicateSec) : (TimeSpan?)null,
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
                if (options.Secret is null)
                {
                    WriteWarning("Events are accepted without verifying their signatures (-AllowUnsigned): anyone who can reach " + string.Join(", ", options.Prefixes) + " can post events that look like Callbell's.");
                }

                WriteVerbose("Listening on " + string.Join(", ", options.Prefixes) + (options.Secret is null ? " without verifying signatures" : " and verifying signatures") + ". Ctrl+C stops.");
                Listen(listener);
            }

            if (listener.DroppedLogEntries > 0)
            {
                WriteWarning(listener.DroppedLogEntries + " more checks and refusals were answered than could be logged.");
            }
        }

        private static bool IsListenAddress(string address) => Callbell.Http.Inbound.ListenPrefix.IsHost(address.ToLowerInvariant());

        /// <summary>localhost listens on 127.0.0.1 and [::1]; an IPv6 address goes in brackets.</summary>
        private string[] PortPrefixes()
        {
            var address = ListenAddress.Contains(":") && !ListenAddress.StartsWith("[", StringComparison.Ordinal) ? "[" + ListenAddress + "]" : ListenAddress;
            return new[] { "http://" + address + ":" + Port.ToString(CultureInfo.InvariantCulture) + "/" };
        }

        private void Listen(WebhookListener listener)
        {
            var written = 0;
            var deadline = TimeoutSec > 0 ? DateTime.UtcNow.AddSeconds(TimeoutSec) : DateTime.MaxValue;
            try
            {
                while (Count == 0 || written < Count)
                {
                    var remaining = deadline == DateTime.MaxValue ? Poll : deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        WriteVerbose("Stopped listening after " + TimeoutSec + " s.");
                        return;
                    }

                    if (!listener.TryTake(out var entry, remaining < Poll ? remaining : Poll, CancellationToken))
                    {
                        continue;
                    }

                    switch (entry!.Kind)
                    {
                        case ListenerEntryKind.Event:
                            Write(listener, entry);
                            written++;
                            break;
                        case ListenerEntryKind.Check:
                        case ListenerEntryKind.Duplicate:
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
                // Ctrl+C: events not written are answered 503 as the listener closes; Callbell resends them.
            }
        }

        /// <summary>
        /// Writes one event, and only then lets its delivery be answered 200. Select-Object -First
        /// ends the pipeline from inside the write that handed it its last event, and PowerShell
        /// reports that as a stopped pipeline without the pipeline stopping (Ctrl+C stops it, and
        /// may interrupt a downstream command before this one hears): that event was delivered. Any other way out means it may not have been, and 503 makes
        /// Callbell resend it.
        /// </summary>
        private void Write(WebhookListener listener, ListenerEntry entry)
        {
            var delivered = false;
            try
            {
                CancellationToken.ThrowIfCancellationRequested();
                WriteObject(entry.Event);
                delivered = true;
            }
            catch (PipelineStoppedException) when (!Stopping && !CancellationToken.IsCancellationRequested)
            {
                delivered = true;
                throw;
            }
            finally
            {
                listener.Complete(entry, delivered);
            }
        }
    }
}
