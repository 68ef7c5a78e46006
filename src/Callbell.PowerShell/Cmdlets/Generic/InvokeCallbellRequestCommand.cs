using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using Callbell.Generic;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Generic
{
    /// <summary>
    /// <para type="synopsis">Calls any Callbell API endpoint with the module's auth, rate limit, retries, errors and paging.</para>
    /// <para type="description">For endpoints newer than the module. The answer comes back as PowerShell objects (or its text with -Raw). -All walks a list: by cursor while the server sends meta.next, else by page number up to meta.pages, writing the items under -ItemsKey (default: the answer's first array). Requests are retried by the module's rule: GET, PUT, PATCH and DELETE after 5xx, timeouts and drops; POST only after a 429 or a refused connection. Every method but GET asks ShouldProcess.</para>
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
    [Cmdlet(VerbsLifecycle.Invoke, "CallbellRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeCallbellRequestCommand : CallbellCmdlet
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

        /// <summary>Walks every page of a list and writes its items.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>With -All: the key of the list in each answer. Default: the first array in it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ItemsKey { get; set; }

        /// <summary>Writes the answer's text instead of objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(Path, () =>
            {
                var body = Body is PSObject wrapped ? wrapped.BaseObject : Body;
                if (body is PSCustomObject || (body != null && !(body is string) && !(body is IDictionary)))
                {
                    var map = new OrderedDictionary();
                    foreach (var property in PSObject.AsPSObject(body).Properties)
                    {
                        map[property.Name] = property.Value;
                    }

                    body = map;
                }

                var request = GenericClient.Build(Method, Path, Query, body);
                if (Method != "GET" && !ShouldProcess(request.ToString(), "Send"))
                {
                    return;
                }

                if (All)
                {
                    var items = Client.Generic.WalkAsync(request, ItemsKey, CancellationToken).GetAsyncEnumerator(CancellationToken);
                    try
                    {
                        while (Await(items.MoveNextAsync().AsTask()))
                        {
                            WriteObject(ToPowerShell(items.Current));
                        }
                    }
                    finally
                    {
                        Await(items.DisposeAsync().AsTask());
                    }
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
