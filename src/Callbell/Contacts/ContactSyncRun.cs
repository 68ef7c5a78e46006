using System.Collections.Concurrent;

namespace Callbell.Contacts
{
    /// <summary>
    /// What one sync run has created, by phone number (and channel): a number created once in a
    /// run is never created again in it, whatever the phone lookup answers. The reference does not
    /// promise that GET /contacts/phone sees a contact the moment it was created, so the lookup
    /// alone cannot keep that promise.
    /// </summary>
    internal sealed class ContactSyncRun
    {
        private readonly ConcurrentDictionary<string, string> _created = new ConcurrentDictionary<string, string>(System.StringComparer.Ordinal);

        /// <summary>The account read once (-MatchLocally): rows are matched here instead of looked up one by one.</summary>
        public ContactIndex? Index { get; set; }

        /// <summary>The uuid of the contact this run created for <paramref name="phone"/> on <paramref name="channel"/>, if it did.</summary>
        public string? CreatedFor(string phone, string? channel) => _created.TryGetValue(Key(phone, channel), out var uuid) ? uuid : null;

        public void Created(string phone, string? channel, string uuid) => _created[Key(phone, channel)] = uuid;

        private static string Key(string phone, string? channel) => ContactsClient.PhoneDigits(phone) + "|" + channel;
    }
}
