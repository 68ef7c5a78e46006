using System.Linq;
using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Subscribes a URL to Callbell's webhook events, replacing the account's webhook.</para>
    /// <para type="description">An account has one webhook: this creates it, or replaces the URL and events of the one it has (the API has no way to read the current one first, so -WhatIf says it replaces). -Url must be an absolute http or https address Callbell can reach: it refuses localhost, so expose Receive-CallbellWebhook through a reverse proxy or a tunnel (on a connection to an API on this machine, such as the command-line sandbox, or one Start-CallbellSandbox made with -DeliverWebhooks or -WebhookSecret, a local URL is allowed: the sandbox posts its events there). -Event takes the documented names (tab completes them); an unknown name is sent with a warning, since the API adds events. Writes the webhook as Callbell stored it. The webhook it replaces is not kept anywhere, so it asks first (ConfirmImpact High); -Force or -Confirm:$false skip the question in runbooks.</para>
    /// </summary>
    /// <example>
    ///   <code>Register-CallbellWebhook -Url https://hooks.example.com/callbell -Event message_created, message_status_updated</code>
    ///   <para>Sends new messages and status changes to the URL, after asking to replace the account's webhook.</para>
    /// </example>
    /// <example>
    ///   <code>Register-CallbellWebhook -Url https://hooks.example.com/callbell -Event contact_created -WhatIf</code>
    ///   <para>Says what would be replaced, without changing anything.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Register, "CallbellWebhook", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Webhook))]
    public sealed class RegisterCallbellWebhookCommand : CallbellApiCmdlet
    {
        /// <summary>The address Callbell posts events to: absolute http or https, not localhost. Binds by a Url property (a Webhook object).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Url { get; set; } = null!;

        /// <summary>The event names to subscribe to, e.g. message_created; tab completes the documented ones. Binds by an Event or Subscriptions property.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Subscriptions")]
        [ArgumentCompleter(typeof(WebhookEventCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Event { get; set; } = null!;

        /// <summary>Replaces the account's webhook without asking. The account has one webhook; the one it had is not kept anywhere.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessItem()
        {
            string url;
            bool allowLocal;
            System.Collections.Generic.IReadOnlyList<string> events;
            try
            {
                allowLocal = Client.Connection.Options.LocalWebhooksReachable;
                url = WebhooksClient.RequireUrl(Url, allowLocal);
                events = WebhookEventNames.Require(Event, "Event");
            }
            catch (CallbellException ex)
            {
                WriteItemError(ex, Url, null);
                return;
            }

            foreach (var unknown in WebhookEventNames.Undocumented(events))
            {
                WriteWarning(WebhookEventNames.UndocumentedWarning(unknown));
            }

            if (!Approved("the account's webhook", "Subscribe " + url + " to " + string.Join(", ", events) + ", replacing the webhook the account has, if any", Force))
            {
                return;
            }

            ForItem(url, () => WriteObject(Await(Client.Webhooks.SubscribeAsync(url, events, allowLocal, CancellationToken))));
        }
    }
}
