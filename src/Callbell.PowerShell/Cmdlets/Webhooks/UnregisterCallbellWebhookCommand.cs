using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Deletes the account's webhook: Callbell stops posting events.</para>
    /// <para type="description">Deletes the one webhook of the account. Events that happen afterwards are not sent anywhere until a webhook is registered again. Asks for confirmation unless -Force or -Confirm:$false. When the account has no webhook, the API answers 404 and this writes a not-found error.</para>
    /// </summary>
    /// <example>
    ///   <code>Unregister-CallbellWebhook</code>
    ///   <para>Asks, then deletes the webhook.</para>
    /// </example>
    /// <example>
    ///   <code>Unregister-CallbellWebhook -Force -ErrorAction SilentlyContinue</code>
    ///   <para>Deletes the webhook without asking, and says nothing if there was none: for a runbook's clean-up.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Unregister, "CallbellWebhook", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UnregisterCallbellWebhookCommand : CallbellApiCmdlet
    {
        /// <summary>Skips the confirmation prompt. -WhatIf still only says what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessItem()
        {
            if (Approved("the account's webhook", "Delete: Callbell stops posting events until one is registered again", Force))
            {
                ForItem("webhook", () => Await(Client.Webhooks.UnsubscribeAsync(CancellationToken)));
            }
        }
    }
}
