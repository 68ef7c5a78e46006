using System;
using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;
using Callbell.Sandbox;

namespace Callbell.Sandbox.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Starts a local Callbell emulator inside this PowerShell process and connects to it.</para>
    /// <para type="description">For demos and for testing runbooks offline: a real HTTP server on 127.0.0.1 serving generated contacts. Its Faults property switches on latency, 429s, 5xx, dropped connections and more. Stop it with Stop-CallbellSandbox.</para>
    /// </summary>
    /// <example>
    ///   <code>$sandbox = Start-CallbellSandbox -Contacts 5000 -LatencyMs 50</code>
    ///   <para>Starts a sandbox with 5,000 contacts and 50 ms per request, and connects this session to it.</para>
    /// </example>
    /// <example>
    ///   <code>$sandbox.Faults.Add([Callbell.Sandbox.Faults.FaultKind]::ServerError, 3)</code>
    ///   <para>Makes page 3 of every list answer 500, to see how a runbook copes.</para>
    /// </example>
    /// <example>
    ///   <code>Start-CallbellSandbox -DeliverWebhooks -WebhookSecret 'whsec_test'; Register-CallbellWebhook -Url http://127.0.0.1:8080/ -Event message_created -Force</code>
    ///   <para>A sandbox that posts its events, signed, to a local Receive-CallbellWebhook -Port 8080.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Start, "CallbellSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(SandboxServer))]
    public sealed class StartCallbellSandboxCommand : CallbellCmdlet
    {
        /// <summary>The port on 127.0.0.1. Default: a free one.</summary>
        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        /// <summary>How many generated contacts it serves. Default 1000.</summary>
        [Parameter]
        [ValidateRange(0, 100000000)]
        public int Contacts { get; set; } = 1000;

        /// <summary>Contacts per page. Default 20, as the real API.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; } = 20;

        /// <summary>Milliseconds added to every response, to feel a real network.</summary>
        [Parameter]
        [ValidateRange(0, 60000)]
        public int LatencyMs { get; set; }

        /// <summary>The account's rate limit: past this many requests in one second the sandbox answers 429 with Retry-After, as the API does past 300. 0 turns it off. Default 300.</summary>
        [Parameter]
        [ValidateRange(0, 100000)]
        public int RequestsPerSecond { get; set; } = 300;

        /// <summary>Posts events (messages sent and their status, contacts created, changed or deleted, conversations opened or closed) to the registered webhook, and lets it be a local URL.</summary>
        [Parameter]
        public SwitchParameter DeliverWebhooks { get; set; }

        /// <summary>The whsec_ secret deliveries are signed with, as a SecureString or text; implies -DeliverWebhooks. Default: unsigned.</summary>
        [Parameter]
        [SecureStringTransformation]
        public System.Security.SecureString? WebhookSecret { get; set; }

        /// <summary>Milliseconds a sent message stays at each status before it moves on by itself (enqueued, sent, delivered, read), each move posted as message_status_updated, as the real service's statuses arrive. Default 0: statuses move one step each time they are read.</summary>
        [Parameter]
        [ValidateRange(0, 3600000)]
        public int MessageStatusPaceMs { get; set; }

        /// <summary>Starts it without connecting this session to it.</summary>
        [Parameter]
        public SwitchParameter NoConnect { get; set; }

        protected override void ProcessItem()
        {
            if (!ShouldProcess("127.0.0.1:" + (Port == 0 ? "(free port)" : Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Start a Callbell sandbox with " + Contacts + " contacts"))
            {
                return;
            }

            SandboxServer server;
            try
            {
                server = SandboxServer.Start(new SandboxOptions
                {
                    Port = Port,
                    Contacts = Contacts,
                    PageSize = PageSize,
                    RequestsPerSecond = RequestsPerSecond,
                    DeliverWebhooks = DeliverWebhooks || WebhookSecret != null,
                    WebhookSecret = WebhookSecret is null ? null : SecureStrings.Reveal(WebhookSecret),
                    MessageStatusPace = TimeSpan.FromMilliseconds(MessageStatusPaceMs),
                });
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "Callbell.SandboxPortInUse", ErrorCategory.ResourceBusy, Port)
                {
                    ErrorDetails = new ErrorDetails("Port " + Port + " on 127.0.0.1 is not available: " + ex.Message) { RecommendedAction = "Use another -Port, or omit it to pick a free one." },
                });
                return;
            }

            RunningSandboxes.Add(server);
            if (!NoConnect)
            {
                var connection = ConnectionCache.Acquire(new CallbellConnectionOptions
                {
                    BaseUri = server.BaseUri,
                    Token = ApiToken.Parse(server.Token),

                    // The module asks its connection, never the emulator, what is allowed.
                    AllowLocalWebhookUrls = server.Options.DeliverWebhooks,
                });
                AuthenticatedUser user;
                try
                {
                    user = Await(CreateClient(connection).Auth.GetCurrentUserAsync(CancellationToken));
                }
                catch
                {
                    ConnectionCache.Release(connection);
                    throw;
                }

                SessionConnections.Scope.Connect(new CallbellConnectionInfo(connection, user, "Start-CallbellSandbox"));
                WriteVerbose("Connected this session to the sandbox at " + server.BaseUri.AbsoluteUri + ".");
            }

            // After the connection check: the latency is for the user's own requests.
            server.Faults.Latency = TimeSpan.FromMilliseconds(LatencyMs);
            WriteObject(server);
        }
    }
}
