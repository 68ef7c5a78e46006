using System.Linq;
using System.Management.Automation;
using Callbell.Bulk;
using Callbell;
using Callbell.Contacts;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Contacts
{
    /// <summary>
    /// <para type="synopsis">Creates contacts.</para>
    /// <para type="description">Creates a contact from its phone number (or platform id), source and name, with optional tags, custom fields, assigned agent, team, channel, bot status and note. Binds from Import-Csv rows with the columns Get-CallbellContact exports, so a CSV of new contacts creates them all, up to -ThrottleLimit at once; a row that fails is reported with its row number and the others go on.</para>
    /// </summary>
    /// <example>
    ///   <code>New-CallbellContact -PhoneNumber +393331234567 -Source whatsapp -Name 'Anna Rossi' -Tag lead -CustomField @{ Plan = 'Gold'; Seats = 3 }</code>
    ///   <para>Creates one contact with a tag and two custom fields.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv new-contacts.csv | New-CallbellContact</code>
    ///   <para>Creates a contact per row (columns PhoneNumber, Source, Name, and optionally Tags, CustomFields, AssignedUser, TeamUuid, Note).</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "CallbellContact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Contact))]
    public sealed class NewCallbellContactCommand : CallbellChangeCmdlet
    {
        private int _row;

        /// <summary>The phone number (or the platform's id) that identifies the contact.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Identifier")]
        [ValidateNotNullOrEmpty]
        public string PhoneNumber { get; set; } = null!;

        /// <summary>The channel type: whatsapp, instagram, facebook or telegram.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SourceCompleter))]
        [ValidateNotNullOrEmpty]
        public string Source { get; set; } = null!;

        /// <summary>The contact's name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = null!;

        /// <summary>Tags, which must exist in the account. A CSV cell "lead, vip" is read as two tags.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string[]? Tag { get; set; }

        /// <summary>Custom fields: a hashtable or an exported CustomFields cell.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CustomFields")]
        [AllowNull]
        public object? CustomField { get; set; }

        /// <summary>The e-mail of the agent to assign.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? AssignedUser { get; set; }

        /// <summary>The team the contact belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [AllowEmptyString]
        public string? TeamUuid { get; set; }

        /// <summary>The channel the contact belongs to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [AllowEmptyString]
        public string? ChannelUuid { get; set; }

        /// <summary>bot_start or bot_end.</summary>
        [Parameter]
        [ValidateSet("bot_start", "bot_end")]
        public string? BotStatus { get; set; }

        /// <summary>A note, at most 1,000 characters.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Note { get; set; }

        /// <summary>The piped object itself: a failed row's error carries it as its TargetObject; a contact read from another account has its channel, team and agent left behind (they belong to that account).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>The country of phone numbers written without a country code (333 765 4321): a region such as IT or a calling code such as 39. Default: Connect-Callbell -DefaultCountryCode or $env:CALLBELL_DEFAULT_COUNTRY_CODE; without one such a number is refused, since it could be anyone's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DefaultCountryCode { get; set; }

        protected override void ProcessItem()
        {
            _row++;
            LeaveForeignIds();
            var prefix = MyInvocation.ExpectingInput ? "Row " + _row + ": " : null;
            var edit = new ContactEdit
            {
                Tags = Tag,
                CustomFields = CustomField is PSObject wrapped ? wrapped.BaseObject : CustomField,
                AssignedUser = AssignedUser,
                TeamUuid = TeamUuid,
                BotStatus = BotStatus,
                Note = Note,
            };
            var (phone, source, name) = (PhoneNumber, Source, Name);
            ContactChanges changes;
            try
            {
                // Created in one spelling, so the same person written another way is found, not created again.
                phone = Phone(phone, nameof(PhoneNumber), DefaultCountryCode);
                changes = edit.ForCreate(ChannelUuid);
                changes.Body(); // every value checked before any request
            }
            catch (CallbellException ex)
            {
                WriteItemError(ex, InputObject ?? (object?)phone, prefix);
                return;
            }

            var item = new WorkItem
            {
                Target = InputObject ?? (object?)phone,
                Key = phone,
                ErrorPrefix = prefix,
                Execute = async (_, ct) => await Client.Contacts.CreateAsync(phone, source, name, changes, ct).ConfigureAwait(false),
                Write = WriteObject,
            };
            // The person (their channel type and identifier, a handle as much as a number) and the row's values.
            var identity = "contact\n" + (source ?? string.Empty).ToLowerInvariant() + "\n" + Callbell.Http.Identifier.Normalised(phone) + "\n" + BoundIdentity(nameof(PhoneNumber), nameof(Source), nameof(DefaultCountryCode));
            var label = "contact '" + name + "' (" + phone + ", " + source + ")";
            if (!Journaled(item, identity, label, prefix) || !Approved(label, "Create"))
            {
                return;
            }

            Items(ThrottleLimit).Add(item);
        }

        /// <summary>
        /// Get-CallbellContact -Connection $a | New-CallbellContact -Connection $b: tags and custom
        /// fields travel by name, but channel and team uuids and the agent exist only in account
        /// a, and b would refuse the row for them. Values typed on the command line stay.
        /// </summary>
        private void LeaveForeignIds()
        {
            if (!(InputObject?.BaseObject is Contact source) || source.Account is null || source.Account == Client.Connection.Account)
            {
                return;
            }

            var left = new System.Collections.Generic.List<string>();
            if (ChannelUuid != null && ChannelUuid == source.ChannelUuid)
            {
                ChannelUuid = null;
                left.Add("channel");
            }

            if (TeamUuid != null && TeamUuid == source.TeamUuid)
            {
                TeamUuid = null;
                left.Add("team");
            }

            if (AssignedUser != null && AssignedUser == source.AssignedUser)
            {
                AssignedUser = null;
                left.Add("assigned agent");
            }

            if (left.Count > 0)
            {
                WriteVerbose("Contact '" + source.Name + "' comes from another account; its " + string.Join(", ", left) + " stayed there (give -ChannelUuid, -TeamUuid or -AssignedUser for this account).");
            }
        }
    }
}
