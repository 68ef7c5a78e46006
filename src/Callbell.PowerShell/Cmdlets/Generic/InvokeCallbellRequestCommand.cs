using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Collections.Specialized;
using System.Management.Automation;
using Callbell.Generic;
using Callbell.Paging;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Generic
{
    /// <summary>
    /// <para type="synopsis">Calls any Callbell API endpoint with the module's auth, rate limit, retries, errors and paging.</para>
    /// <para type="description">For endpoints newer than the module. The answer comes back as PowerShell objects (or its text with -Raw). -All walks a list with the walker every list cmdlet uses: by cursor while the server sends meta.next, else by page number up to meta.pages, writing the items under -ItemsKey (default: the answer's first array); -First N stops early, a failed page names where to resume (-After or -Page with -All), and a walk that stops before the list ends says so. Requests are retried by the module's rule: GET, PUT, PATCH and DELETE after 5xx, timeouts and drops; POST only after a 429 or a refused connection. Every method but GET asks ShouldProcess.</para>
    /// </summary>
    /// <example>
    ///   <code>Invoke-CallbellRequest -Path contacts -All</code>
    ///   <para>Every contact, as plain objects, walked by cursor.</para>
    /// </example>
    /// <example>
    ///   <code>Invoke-CallbellRequest -Method PATCH -Path teams/9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c -Body @{ name = 'Customer Care' }</code>
    ///   <para>Renames a team through the raw endpoint.</para>
    /// </example>
    /// <example>
    ///   <code>Invoke-CallbellRequest -Path webhooks/events -Query @{ status = 'failed'; items = 50 } -All -ItemsKey webhook_events</code>
    ///   <para>Every failed webhook delivery.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "CallbellRequest", DefaultParameterSetName = ListSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeCallbellRequestCommand : CallbellListCmdlet
    {
        /// <summary>GET, POST, PUT, PATCH or DELETE. Default: GET.</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE")]
        public string Method { get; set; } = "GET";

        /// <summary>The path after /v1/, e.g. contacts or teams/9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c/members.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>Query parameters; an array value is sent comma-separated.</summary>
        [Parameter]
        public Hashtable? Query { get; set; }

        /// <summary>The JSON body: a hashtable, or JSON object text. A $null value is sent as JSON null.</summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary>With -All: resumes a cursor walk after this cursor (an error of a failed walk names it).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? After { get; set; }

        /// <summary>With -All: the key of the list in each answer. Default: the first array in it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ItemsKey { get; set; }

        /// <summary>Writes the answer's text instead of objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>The name of a variable (without $) to fill with the last answer's headers, as Invoke-RestMethod does; filled on failure too (empty when no answer came).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        /// <summary>The name of a variable (without $) to fill with the last answer's HTTP status; filled on failure too (0 when no answer came).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatusCodeVariable { get; set; }

        protected override void ProcessItem()
        {
            try
            {
                Send();
            }
            finally
            {
                FillVariables();
            }
        }

        private void FillVariables()
        {
            var last = LastAttempt;
            if (StatusCodeVariable != null)
            {
                SessionState.PSVariable.Set(StatusCodeVariable, last?.StatusCode ?? 0);
            }

            if (ResponseHeadersVariable != null)
            {
                var headers = new Dictionary<string, string[]>(System.StringComparer.OrdinalIgnoreCase);
                foreach (var pair in last?.ResponseHeaderValues ?? new Dictionary<string, string[]>())
                {
                    headers[pair.Key] = pair.Value;
                }

                SessionState.PSVariable.Set(ResponseHeadersVariable, headers);
            }
        }

        private void Send()
        {
            ForItem(Path, () =>
            {
                // Body and Query arrive as plain values (BoundValues): objects at every level are dictionaries.
                var request = GenericClient.Build(Method, Path, Query, Body);
                if (Method != "GET" && !ShouldProcess(request.ToString(), "Send"))
                {
                    return;
                }

                if (All || MyInvocation.BoundParameters.ContainsKey(nameof(First)))
                {
                    // The walker every list cmdlet uses: -First, resume positions in errors, early stops said.
                    WriteList(
                        Path,
                        "items",
                        new PagePosition(Page, After),
                        position => Client.Generic.GetPageAsync(request, ItemsKey, position, CancellationToken),
                        position => Shaped(Client.Generic.ListPagesAsync(request, ItemsKey, position, CancellationToken)));
                }
                else if (Raw)
                {
                    WriteObject(Await(Client.Generic.SendTextAsync(request, CancellationToken)));
                }
                else
                {
                    var answer = Await(Client.Generic.SendAsync(request, CancellationToken));
                    if (answer != null)
                    {
                        WriteObject(ToPowerShell(answer));
                    }
                }
            });
        }

        private static async IAsyncEnumerable<Page<object?>> Shaped(IAsyncEnumerable<Page<object?>> pages)
        {
            await foreach (var page in pages.ConfigureAwait(false))
            {
                yield return page.WithItems(page.Items.Select(ToPowerShell).ToList());
            }
        }

        /// <summary>Plain values as PowerShell shows them: objects become PSCustomObjects, arrays stay arrays.</summary>
        private static object? ToPowerShell(object? value)
        {
            switch (value)
            {
                case OrderedDictionary map:
                    var result = new PSObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        result.Properties.Add(new PSNoteProperty((string)entry.Key, ToPowerShell(entry.Value)));
                    }

                    return result;
                case object?[] items:
                    var list = new object?[items.Length];
                    for (var i = 0; i < items.Length; i++)
                    {
                        list[i] = ToPowerShell(items[i]);
                    }

                    return list;
                default:
                    return value;
            }
        }
    }
}
