using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Callbell.Bulk;
using Callbell.Contacts;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Contacts
{
    /// <summary>
    /// <para type="synopsis">Changes contacts, sending only what differs from each contact as it is now.</para>
    /// <para type="description">For each contact (by -Uuid, or by -PhoneNumber for a row from a CRM that has no Callbell uuids, optionally on -ChannelUuid; from the pipeline or an Import-Csv row), reads it as it is now, compares what was given, and sends only the fields that differ; when nothing differs, nothing is sent. -WhatIf reads and says exactly which fields would change. -Tag replaces the tag set, -AddTag and -RemoveTag change it. The phone number cannot be changed: a PhoneNumber value that differs from the contact's is an error for that row. Empty values are ignored unless given explicitly (-Note '') or -ClearEmpty is set (empty CSV cells then clear Note, AssignedUser, Tags, text and checkbox custom fields; number, date, dropdown and e-mail fields cannot be cleared, and an empty cell for one is that row's error). A row keyed by phone whose contact does not exist is a not-found error for that row, or, with -CreateMissing, a new contact (Name and Source from the row, -Source, or the channel's type); two rows for one number are applied in order and never create it twice. With -PassThru each row writes its contact as it is now (created, updated or unchanged), carrying SyncAction (Created, Updated or Unchanged), ChangedFields (the fields sent, comma-separated) and SyncRow (the input row's number) outside the default view; a row that fails writes only its error, whose TargetObject is the input row itself (so $err.TargetObject | Export-Csv retry.csv gives the rows to try again), with its row number in the message; the others go on.</para>
    /// </summary>
    /// <example>
    ///   <code>Import-Csv crm.csv | Set-CallbellContact -CreateMissing -Source whatsapp -PassThru -ErrorVariable failed | Group-Object SyncAction; $failed.TargetObject | Export-Csv retry.csv</code>
    ///   <para>Syncs a CRM export keyed by PhoneNumber: creates the contacts Callbell lacks, sends only what differs for the others, counts what happened, and writes the rows that failed to a file to run again.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv contacts.csv | Set-CallbellContact</code>
    ///   <para>The CSV round trip: after editing cells of a file written by Get-CallbellContact -All | Export-Csv, sends each row's changed cells, and nothing for unchanged rows.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContact -All -Tag lead | Set-CallbellContact -AddTag customer -RemoveTag lead -WhatIf</code>
    ///   <para>Says, contact by contact, how the tags would change, and sends nothing.</para>
    /// </example>
    /// <example>
    ///   <code>Set-CallbellContact -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -Note '' -CustomField @{ Seats = 12 }</code>
    ///   <para>Clears the note and sets a number field.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellContact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Contact))]
    public sealed class SetCallbellContactCommand : CallbellChangeCmdlet
    {
        private ICollection<string> _explicit = new List<string>();
        private int _row;

        // What this run created, by number: a number created once is never created again in it.
        private readonly ContactSyncRun _run = new ContactSyncRun();

        /// <summary>The contact's uuid. Binds from the pipeline by a Uuid or ContactUuid property.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactUuid")]
        [AllowEmptyString]
        public string? Uuid { get; set; }

        /// <summary>The contact's name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Name { get; set; }

        /// <summary>Only checked, never sent: the API cannot change a phone number, so a value that differs is an error.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? PhoneNumber { get; set; }

        /// <summary>Replaces the whole tag set. A CSV cell "lead, vip" is read as two tags.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        public string[]? Tag { get; set; }

        /// <summary>Tags to add to the contact's tags (read first; nothing is sent when all are there).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? AddTag { get; set; }

        /// <summary>Tags to remove from the contact's tags.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? RemoveTag { get; set; }

        /// <summary>Custom fields to set: a hashtable (@{ Plan = 'Gold'; Interests = 'Pricing','Support' }) or an exported CustomFields cell. Values are converted by each field's declared type.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CustomFields")]
        [AllowNull]
        public object? CustomField { get; set; }

        /// <summary>The e-mail of the agent to assign.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? AssignedUser { get; set; }

        /// <summary>Removes the assigned agent.</summary>
        [Parameter]
        public SwitchParameter UnassignUser { get; set; }

        /// <summary>The team to move the contact to.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [AllowEmptyString]
        public string? TeamUuid { get; set; }

        /// <summary>Starts (bot_start) or stops (bot_end) the conversation's bot.</summary>
        [Parameter]
        [ValidateSet("bot_start", "bot_end")]
        public string? BotStatus { get; set; }

        /// <summary>The note, at most 1,000 characters. -Note '' clears it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Note { get; set; }

        /// <summary>Empty pipeline values (empty CSV cells) clear their field instead of being ignored: Note, AssignedUser, Tags, text custom fields (empty text) and checkbox fields (no option). Number, date, dropdown and e-mail fields cannot be cleared (the API type-checks them and documents no empty value): an empty cell for one is an error naming the field and the row, and nothing is sent for that row.</summary>
        [Parameter]
        public SwitchParameter ClearEmpty { get; set; }

        /// <summary>Writes each row's contact as it is now, with SyncAction (Created, Updated, Unchanged), ChangedFields and SyncRow attached; a failed row writes only its error.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The piped row itself: a failed row's error carries it as its TargetObject, to export and run again.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>With rows keyed by PhoneNumber: the channel to look the number up on (default: the main WhatsApp channel), and of a contact -CreateMissing creates.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [AllowEmptyString]
        public string? ChannelUuid { get; set; }

        /// <summary>Creates a contact that a row's PhoneNumber does not find (its Name and Source from the row, -Source, or the channel's type).</summary>
        [Parameter]
        public SwitchParameter CreateMissing { get; set; }

        /// <summary>With -CreateMissing: the source of contacts created (whatsapp, instagram, facebook, telegram), when the row has no Source column. Default: the type of -ChannelUuid.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SourceCompleter))]
        [AllowEmptyString]
        public string? Source { get; set; }

        /// <summary>
        /// What the row's cells were when it was exported: the Baseline column that
        /// Get-CallbellContact | Export-Csv writes. With it only the cells edited since the export
        /// are applied, and a cell changed in Callbell too since then is left out with a warning,
        /// never written over the newer change. Remove the column to apply every cell.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Baseline { get; set; }

        /// <summary>
        /// Reads every contact of the account once at the start (GET /contacts, all pages) and
        /// matches rows by uuid and phone number locally, instead of one lookup per row. It pays
        /// when the rows outnumber the pages of contacts by the requests a second the budget
        /// allows times the round trip: the walk reads 20 contacts a request, one request after
        /// another (about contacts / 20 x the round trip), while lookups go side by side at up to
        /// 300 a second (about rows / 300 s). At 50 ms, 20,000 contacts take some 50 s to read:
        /// worth it for 50,000 rows, not for 2,000. It also leaves the budget to others.
        /// </summary>
        [Parameter]
        public SwitchParameter MatchLocally { get; set; }

        /// <summary>
        /// Applies only these columns of each row (Name, Tags, CustomFields, AssignedUser, TeamUuid,
        /// BotStatus, Note) and leaves every other field as it is in Callbell, whatever the row says:
        /// for re-importing an old export without undoing what changed in Callbell since.
        /// </summary>
        [Parameter]
        [ValidateSet("Name", "Tags", "CustomFields", "AssignedUser", "TeamUuid", "BotStatus", "Note")]
        public string[]? Property { get; set; }

        /// <summary>The country of phone numbers written without a country code (333 765 4321): a region such as IT or a calling code such as 39. Default: Connect-Callbell -DefaultCountryCode or $env:CALLBELL_DEFAULT_COUNTRY_CODE; without one such a number is refused, since it could be anyone's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DefaultCountryCode { get; set; }

        // Parameters bound before the first record are the command line's; the rest come from the pipeline.
        protected override void BeginProcessing()
        {
            _explicit = new List<string>(MyInvocation.BoundParameters.Keys);
            base.BeginProcessing();
        }

        protected override void ProcessItem()
        {
            _row++;
            int? row = MyInvocation.ExpectingInput ? _row : (int?)null;
            var prefix = row.HasValue ? "Row " + row + ": " : null;
            var uuid = string.IsNullOrWhiteSpace(Uuid) ? null : Uuid!.Trim();
            var phone = string.IsNullOrWhiteSpace(PhoneNumber) ? null : PhoneNumber!.Trim();
            var channel = string.IsNullOrWhiteSpace(ChannelUuid) ? null : ChannelUuid!.Trim();
            var (name, source) = (Name, string.IsNullOrWhiteSpace(Source) ? null : Source);
            var edit = new ContactEdit
            {
                Name = Given(nameof(Name), Name),
                PhoneNumber = PhoneNumber,
                Tags = GivenTags(),
                AddTags = AddTag,
                RemoveTags = RemoveTag,
                CustomFields = GivenFields(),
                AssignedUser = Given(nameof(AssignedUser), AssignedUser),
                UnassignUser = UnassignUser,
                TeamUuid = string.IsNullOrEmpty(TeamUuid) ? null : TeamUuid,
                BotStatus = BotStatus,
                Note = Given(nameof(Note), Note),
            };

            if (Property != null)
            {
                OnlyProperties(edit);
            }

            if (MatchLocally && _run.Index is null)
            {
                ReadAccount();
            }

            string key;
            ContactBaseline? baseline = null;
            try
            {
                // Only a baseline that came with the row: typed on the command line it would say nothing of the row.
                if (!string.IsNullOrWhiteSpace(Baseline) && !_explicit.Contains(nameof(Baseline)))
                {
                    baseline = ContactBaseline.Parse(Baseline!);
                }

                if (uuid != null)
                {
                    key = Callbell.Http.Identifier.Validate(uuid, "Uuid");
                }
                else if (phone != null)
                {
                    phone = Phone(phone, nameof(PhoneNumber), DefaultCountryCode);
                    edit.PhoneNumber = phone;
                    // A CRM row: found by its number. Rows for one number never overlap, so a
                    // second row for a number the first created updates it, never creates twice.
                    key = "phone:" + ContactsClient.PhoneDigits(phone);
                }
                else
                {
                    throw CallbellException.InvalidArgument("Uuid", "The row has neither a Uuid nor a PhoneNumber, so there is no contact to change.", "Give each row a Uuid column (as Get-CallbellContact exports) or a PhoneNumber column (a CRM export).");
                }

                if (channel != null)
                {
                    Callbell.Http.Identifier.Validate(channel, "ChannelUuid");
                }

                edit.Validate();
            }
            catch (CallbellException ex)
            {
                WriteItemError(ex, InputObject ?? (object?)uuid ?? phone, prefix);
                return;
            }

            var item = new WorkItem
            {
                Target = InputObject ?? (object?)uuid ?? phone,
                Key = key,
                ErrorPrefix = prefix,
                // A row keyed by phone and a row keyed by uuid can be one contact: what the read found decides.
                Resolved = plan => ((ContactSyncPlan)plan!).Current?.Uuid,
                Prepare = async ct => await ContactSyncPlan.ForRowAsync(Client, edit, uuid, phone, channel, CreateMissing, source, name, ct, _run, baseline, _explicit).ConfigureAwait(false),
                Approve = plan =>
                {
                    var p = (ContactSyncPlan)plan!;
                    foreach (var conflict in p.Conflicts)
                    {
                        WriteWarning((prefix ?? string.Empty) + "contact " + p.Current!.Uuid + ": " + conflict + "; not applied. Apply it anyway with -Property, or edit a fresh export.");
                    }

                    if (p.Current is null)
                    {
                        return Approved("contact '" + p.Name + "' (" + p.Phone + ", " + p.Source + ")", "Create");
                    }

                    if (p.Changes.IsEmpty)
                    {
                        WriteVerbose((prefix ?? string.Empty) + "contact " + p.Current.Uuid + " already matches; nothing sent.");
                        return PassThru; // only to say so with -PassThru; nothing is asked or sent
                    }

                    return Approved("contact " + p.Current.Uuid, ContactEdit.Describe(p.Changes));
                },
                Execute = async (plan, ct) => await ((ContactSyncPlan)plan!).ApplyAsync(Client, row, ct, _run, channel).ConfigureAwait(false),
                Write = result =>
                {
                    if (PassThru)
                    {
                        WriteObject(Reported((ContactSyncResult)result!));
                    }
                },
            };
            // The contact and what the row asks of it: another row added to the file changes neither.
            if (Journaled(item, "contact\n" + key + "\n" + BoundIdentity(nameof(Uuid), nameof(PhoneNumber), nameof(DefaultCountryCode), nameof(MatchLocally), nameof(Baseline)), "contact " + ((object?)uuid ?? phone), prefix))
            {
                Items(ThrottleLimit).Add(item);
            }
        }

        /// <summary>The contact as it is now, with what happened to it attached (outside the default view).</summary>
        private static PSObject Reported(ContactSyncResult result)
        {
            var contact = PSObject.AsPSObject(result.Contact);
            contact.Properties.Add(new PSNoteProperty("SyncAction", result.Action));
            contact.Properties.Add(new PSNoteProperty("ChangedFields", string.Join(", ", result.Changed)));
            contact.Properties.Add(new PSNoteProperty("SyncRow", result.Row));
            return contact;
        }

        /// <summary>-MatchLocally: the account once, before the first row.</summary>
        private void ReadAccount()
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? main = null;
            try
            {
                main = Await(Client.Messages.MainChannelAsync("whatsapp", CancellationToken));
            }
            catch (CallbellException)
            {
                // No WhatsApp channel: a number without -ChannelUuid matches on any channel.
            }

            try
            {
                _run.Index = Await(ContactIndex.ReadAsync(Client, main, CancellationToken));
            }
            catch (CallbellException ex)
            {
                Terminate(ex);
            }

            WriteVerbose("Read " + _run.Index!.Count + " contacts once (-MatchLocally) in " + clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s; rows are matched locally.");
        }

        /// <summary>-Property: what the row says of any other field is left out of the change.</summary>
        private void OnlyProperties(ContactEdit edit)
        {
            var keep = new HashSet<string>(Property!, System.StringComparer.OrdinalIgnoreCase);
            if (!keep.Contains("Name")) edit.Name = null;
            if (!keep.Contains("Tags")) { edit.Tags = null; edit.AddTags = null; edit.RemoveTags = null; }
            if (!keep.Contains("CustomFields")) edit.CustomFields = null;
            if (!keep.Contains("AssignedUser")) { edit.AssignedUser = null; edit.UnassignUser = false; }
            if (!keep.Contains("TeamUuid")) edit.TeamUuid = null;
            if (!keep.Contains("BotStatus")) edit.BotStatus = null;
            if (!keep.Contains("Note")) edit.Note = null;
        }

        /// <summary>An empty value counts only when typed on the command line or with -ClearEmpty.</summary>
        private string? Given(string parameter, string? value)
        {
            if (value is null || !MyInvocation.BoundParameters.ContainsKey(parameter))
            {
                return null;
            }

            return value.Trim().Length > 0 || _explicit.Contains(parameter) || ClearEmpty ? value : null;
        }

        private string[]? GivenTags()
        {
            if (Tag is null || !MyInvocation.BoundParameters.ContainsKey(nameof(Tag)))
            {
                return null;
            }

            var empty = System.Array.TrueForAll(Tag, t => string.IsNullOrWhiteSpace(t));
            return !empty || _explicit.Contains(nameof(Tag)) || ClearEmpty ? (empty ? new string[0] : Tag) : null;
        }

        private object? GivenFields()
        {
            if (CustomField is null || !MyInvocation.BoundParameters.ContainsKey(nameof(CustomField)))
            {
                return null;
            }

            var value = CustomField is PSObject wrapped ? wrapped.BaseObject : CustomField;
            if (value is System.Collections.Hashtable table && !ClearEmpty)
            {
                return table;
            }

            if (value is string text && !ClearEmpty)
            {
                // An exported cell: drop empty values, which would clear fields.
                var fields = CustomFieldSet.Parse(text);
                foreach (var key in new List<string>(fields.Keys))
                {
                    if (fields[key] is string s && s.Length == 0)
                    {
                        fields.Remove(key);
                    }
                }

                return fields;
            }

            return value;
        }
    }
}
