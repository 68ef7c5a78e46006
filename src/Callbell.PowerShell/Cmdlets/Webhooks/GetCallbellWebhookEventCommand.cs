using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Gets the webhook's delivery log: what Callbell posted, and how the subscriber answered.</para>
    /// <para type="description">Lists deliveries newest first as they come from the API, each with its event name, its payload typed as ConvertFrom-CallbellWebhook types it, the subscriber's answer (code, body, headers) and whether it counted as a success (a 200). -Status and -Event filter on the server; -PageSize sets deliveries a page (the reference states no maximum; the server decides).</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellWebhookEvent -Status failed -All | Group-Object { $_.Response.Code }</code>
    ///   <para>Every failed delivery, counted by the answer the subscriber gave.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellWebhookEvent -Event message_created -PageSize 100 -First 20 | ForEach-Object { $_.Payload.Text }</code>
    ///   <para>The text of the last 20 messages delivered.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellWebhookEvent", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(WebhookEvent))]
    public sealed class GetCallbellWebhookEventCommand : CallbellListCmdlet
    {
        /// <summary>failed or success: only deliveries with that outcome.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("failed", "success")]
        public string? Status { get; set; }

        /// <summary>Only deliveries of these events; tab completes the documented names.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(WebhookEventCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Event { get; set; }

        /// <summary>Deliveries a page (the API's items parameter; the reference states no maximum). Default: the API's.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int PageSize { get; set; }

        protected override void ProcessItem()
        {
            foreach (var unknown in WebhookEventNames.Undocumented(Event ?? new string[0]))
            {
                WriteWarning(WebhookEventNames.UndocumentedWarning(unknown));
            }

            var filter = new WebhookEventFilter
            {
                Status = Status,
                Events = Event ?? new string[0],
                PageSize = PageSize > 0 ? PageSize : (int?)null,
            };
            WriteList(
                "webhook events",
                "deliveries",
                new PagePosition(Page),
                position => Client.Webhooks.GetEventPageAsync(filter, position.Page, CancellationToken),
                position => Client.Webhooks.ListEventPagesAsync(filter, position.Page, CancellationToken));
        }
    }
}
