using System.Management.Automation;
using Callbell.Contacts;
using Callbell.PowerShell.Completers;
using Callbell.Paging;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Contacts
{
    /// <summary>
    /// <para type="synopsis">Gets Callbell contacts: a page, every page (-All), or one by uuid, phone number or bsuid.</para>
    /// <para type="description">Lists contacts with the API's filters, streaming each contact as its page arrives. -All walks every page with a few requests in flight; -First stops after that many. Contacts can also be looked up one at a time; uuids bind from the pipeline.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -All | Export-Csv contacts.csv</code>
    ///   <para>Writes every contact to a CSV file; Tags and CustomFields become readable cells.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Source whatsapp -Tag lead</code>
    ///   <para>Every WhatsApp contact tagged lead (filtered by the server). Several tags are sent comma-separated; the reference does not say whether a contact then needs all of them or any.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All | Select-Object -First 5</code>
    ///   <para>The first five contacts; the walk stops and no further pages are requested.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -After 'eyJpZCI6MTIzNH0'</code>
    ///   <para>Resumes a walk that stopped at that cursor (the error of the failed walk names it).</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv ids.csv | Get-CallbellContact</code>
    ///   <para>Looks up each contact whose Uuid is in the CSV file.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -PhoneNumber +393331234567</code>
    ///   <para>Finds a contact by phone number on the main WhatsApp channel.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellContact", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Contact))]
    public sealed class GetCallbellContactCommand : CallbellListCmdlet
    {
        private const string UuidSet = "ByUuid";
        private const string PhoneSet = "ByPhoneNumber";
        private const string BsuidSet = "ByBsuid";

        /// <summary>The contact's uuid (32 hex characters). Binds from the pipeline, by value or by a Uuid property.</summary>
        [Parameter(ParameterSetName = UuidSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Uuid { get; set; } = null!;

        /// <summary>The contact's phone number, e.g. +393331234567.</summary>
        [Parameter(ParameterSetName = PhoneSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string PhoneNumber { get; set; } = null!;

        /// <summary>With -PhoneNumber: the country of a number written without a country code (a region such as IT or a calling code such as 39). Default: Connect-Callbell -DefaultCountryCode or $env:CALLBELL_DEFAULT_COUNTRY_CODE.</summary>
        [Parameter(ParameterSetName = PhoneSet)]
        [ValidateNotNullOrEmpty]
        public string? DefaultCountryCode { get; set; }

        /// <summary>With -PhoneNumber: the channel to look in. Default: the main WhatsApp channel.</summary>
        [Parameter(ParameterSetName = PhoneSet)]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ChannelUuid { get; set; }

        /// <summary>The contact's business-scoped user id.</summary>
        [Parameter(ParameterSetName = BsuidSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Bsuid { get; set; } = null!;

        /// <summary>Resumes a walk from this cursor (the API's meta.next, named by the error of a walk that stopped). The page number is then ignored.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? After { get; set; }

        /// <summary>Only contacts from this channel type: whatsapp, instagram, facebook, telegram.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(SourceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Source { get; set; }

        /// <summary>Only contacts with these tags (case-insensitive), sent comma-separated. The reference does not say whether several tags match all or any: try it on your account (the sandbox requires all).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Tag { get; set; }

        /// <summary>Only contacts of this team.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TeamUuid { get; set; }

        /// <summary>With uuids from the pipeline: lookups in flight at once. Default: adapts to the rate budget and the latency, from 16 up to Connect-Callbell -ThrottleLimit (256).</summary>
        [Parameter(ParameterSetName = UuidSet)]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        /// <summary>Adds CustomFieldsMetadata: each custom field's value and declared type.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = UuidSet)]
        public SwitchParameter IncludeFieldType { get; set; }

        protected override void ProcessItem()
        {
            switch (ParameterSetName)
            {
                case UuidSet:
                    var includeTypes = IncludeFieldType.IsPresent;
                    foreach (var uuid in Uuid)
                    {
                        Lookup(uuid, ThrottleLimit, ct => Client.Contacts.GetAsync(uuid, includeTypes, ct));
                    }

                    break;
                case PhoneSet:
                    ForItem(PhoneNumber, () => WriteObject(Await(Client.Contacts.GetByPhoneAsync(Phone(PhoneNumber, nameof(PhoneNumber), DefaultCountryCode), ChannelUuid, CancellationToken))));
                    break;
                case BsuidSet:
                    ForItem(Bsuid, () => WriteObject(Await(Client.Contacts.GetByBsuidAsync(Bsuid, CancellationToken))));
                    break;
                default:
                    var query = new ContactQuery { Source = Source, Tags = Tag, TeamUuid = TeamUuid, IncludeFieldTypes = IncludeFieldType };
                    WriteList(
                        query,
                        "contacts",
                        new PagePosition(Page, After),
                        position => Client.Contacts.GetPageAsync(query, position, CancellationToken),
                        position => Client.Contacts.ListPagesAsync(query, position, CancellationToken));
                    break;
            }
        }
    }
}
