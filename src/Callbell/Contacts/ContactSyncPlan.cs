using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Contacts
{
    /// <summary>
    /// What one input row does to its contact: found by uuid, or by phone number (a CRM row); then
    /// the fields that differ sent, or, when the number is unknown and creating was asked for, a
    /// new contact. Planned with a read, applied with at most one write.
    /// </summary>
    internal sealed class ContactSyncPlan
    {
        private ContactSyncPlan(Contact current, ContactChanges changes)
        {
            Current = current;
            Changes = changes;
        }

        private ContactSyncPlan(string phone, string source, string name, ContactChanges changes)
        {
            Phone = phone;
            Source = source;
            Name = name;
            Changes = changes;
        }

        /// <summary>The contact as it is now; null when the row creates one.</summary>
        public Contact? Current { get; }

        public ContactChanges Changes { get; }

        /// <summary>Cells of an exported row left out because Callbell changed them too since the export, in words.</summary>
        public IReadOnlyList<string> Conflicts { get; private set; } = new string[0];

        /// <summary>For a contact to create: its number, source and name.</summary>
        public string? Phone { get; }

        public string? Source { get; }

        public string? Name { get; }

        /// <summary>
        /// Reads the row's contact (by <paramref name="uuid"/>, else by <paramref name="phone"/> on
        /// <paramref name="channel"/>) and decides. An unknown number is a not-found error unless
        /// <paramref name="createMissing"/>; a contact to create takes its source from
        /// <paramref name="source"/> or the channel's type, and needs <paramref name="name"/>.
        /// </summary>
        public static async Task<ContactSyncPlan> ForRowAsync(CallbellClient client, ContactEdit edit, string? uuid, string? phone, string? channel, bool createMissing, string? source, string? name, CancellationToken cancellationToken, ContactSyncRun? run = null, ContactBaseline? baseline = null, ICollection<string>? typed = null)
        {
            // A number this run created is read by the uuid it got, not looked up by phone again.
            uuid ??= phone is null ? null : run?.CreatedFor(phone, channel);
            Contact? current;
            if (run?.Index is ContactIndex index)
            {
                current = uuid != null
                    ? index.ByUuid(uuid) ?? throw new CallbellException(CallbellErrorKind.NotFound, "Callbell.ContactNotFound", "No contact has the uuid " + uuid + " (the account was read once at the start, -MatchLocally).")
                    : index.ByPhone(phone!, channel);
            }
            else
            {
                current = uuid != null
                    ? await client.Contacts.GetAsync(uuid, includeFieldTypes: true, cancellationToken).ConfigureAwait(false)
                    : await client.Contacts.FindByPhoneAsync(phone!, channel, includeFieldTypes: edit.CustomFields != null, cancellationToken).ConfigureAwait(false);
            }

            if (current != null)
            {
                if (baseline is null)
                {
                    return new ContactSyncPlan(current, edit.Diff(current));
                }

                // An exported row: only what was edited since the export, and not changed in Callbell since.
                var conflicts = new List<string>();
                var edited = baseline.Reconcile(edit, typed ?? new string[0], current, conflicts);
                return new ContactSyncPlan(current, edited.Diff(current)) { Conflicts = conflicts };
            }

            if (!createMissing)
            {
                throw new CallbellException(CallbellErrorKind.NotFound, "Callbell.ContactNotFound", "No contact has the phone number " + phone + (channel != null ? " on channel " + channel : string.Empty) + ".")
                {
                    RecommendedAction = "Add -CreateMissing to create the contacts a file has and Callbell has not, or check the number.",
                };
            }

            var created = edit.ForCreate(channel);
            created.Body(); // every value checked before anything is asked or sent
            var from = source ?? (channel != null ? (await client.Channels.GetAsync(channel, cancellationToken).ConfigureAwait(false)).Type : null)
                ?? throw CallbellException.InvalidArgument("Source", "A contact created for " + phone + " needs a source.", "Add a Source column, -Source whatsapp, or -ChannelUuid.");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw CallbellException.InvalidArgument("Name", "A contact created for " + phone + " needs a name (the API requires one).", "Add a Name column.");
            }

            return new ContactSyncPlan(phone!, from, name!.Trim(), created);
        }

        /// <summary>Creates, updates, or (nothing differs) leaves the contact as it is, and says which.</summary>
        public async Task<ContactSyncResult> ApplyAsync(CallbellClient client, int? row, CancellationToken cancellationToken, ContactSyncRun? run = null, string? channel = null)
        {
            if (Current is null)
            {
                var contact = await client.Contacts.CreateAsync(Phone!, Source!, Name!, Changes, cancellationToken).ConfigureAwait(false);
                if (contact.Uuid != null)
                {
                    run?.Created(Phone!, channel, contact.Uuid);
                }

                run?.Index?.Update(contact);
                return new ContactSyncResult(row, "Created", Changes.Body().Keys.ToArray(), contact);
            }

            if (Changes.IsEmpty)
            {
                return new ContactSyncResult(row, "Unchanged", new string[0], Current);
            }

            var updated = await client.Contacts.UpdateAsync(Current.Uuid!, Changes, cancellationToken).ConfigureAwait(false);
            run?.Index?.Update(updated); // a later row for this contact compares with it as it is now
            return new ContactSyncResult(row, "Updated", Changes.Body().Keys.ToArray(), updated);
        }
    }
}
