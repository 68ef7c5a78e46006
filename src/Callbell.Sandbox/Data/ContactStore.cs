using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Callbell.Sandbox.Data
{
    /// <summary>
    /// The contacts: generated ones (a pure function of their index, so a million cost nothing
    /// until touched) overlaid with what requests changed, created and deleted. Created contacts
    /// take the next index, so their uuids are made and looked up like generated ones. Listing
    /// keeps, per filter, the indexes matched so far, so page N of a filter does not rescan from
    /// the start; a cursor names the index to go on from.
    /// </summary>
    public sealed class ContactStore
    {
        private readonly object _gate = new object();
        private readonly int _generated;
        private readonly Dictionary<int, SandboxContact> _changed = new Dictionary<int, SandboxContact>();
        private readonly HashSet<int> _deleted = new HashSet<int>();
        private readonly Dictionary<string, int> _createdPhones = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, Matches> _matches = new Dictionary<string, Matches>(StringComparer.Ordinal);
        private int _count;
        private long _version;

        public ContactStore(int generated)
        {
            _generated = generated;
            _count = generated;
        }

        /// <summary>How many indexes exist (deleted ones included).</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _count;
                }
            }
        }

        public SandboxContact? Get(int index)
        {
            lock (_gate)
            {
                return GetLocked(index);
            }
        }

        public SandboxContact? ByUuid(string uuid) => Get(ContactGenerator.IndexOfUuid(uuid));

        /// <summary>The contact a send's "to" reaches: the number in any common writing (+, spaces, dashes).</summary>
        public SandboxContact? ByRecipient(string to) => ByPhone(new string(to.Where(char.IsDigit).ToArray()));

        /// <summary>
        /// How long a contact created through the API stays out of GET /contacts/phone: the
        /// reference does not promise that a lookup sees a contact the moment it was created, and a
        /// client that relied on it would create the same person twice.
        /// </summary>
        public TimeSpan PhoneIndexDelay { get; set; }

        /// <summary>
        /// GET /contacts/phone/{number}: as <see cref="ByPhone"/>, on <paramref name="channelUuid"/>
        /// only (the reference's default is the main WhatsApp channel: a number on another channel
        /// is another contact), and a contact created less than <see cref="PhoneIndexDelay"/> ago
        /// is not found yet.
        /// </summary>
        public SandboxContact? LookUpPhone(string phone, string channelUuid)
        {
            var found = ByPhone(phone);
            if (found != null && !string.Equals(found.Channel?.Uuid, channelUuid, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (found is null || PhoneIndexDelay <= TimeSpan.Zero)
            {
                return found;
            }

            lock (_gate)
            {
                return _createdPhones.ContainsKey(phone) && found.CreatedAt > DateTimeOffset.UtcNow - PhoneIndexDelay ? null : found;
            }
        }

        /// <summary>The digits a number is found by: an international "00" prefix is the same as "+".</summary>
        private static string LookupDigits(string phone)
        {
            var digits = new string(phone.Where(char.IsDigit).ToArray());
            return phone.TrimStart().StartsWith("00", StringComparison.Ordinal) ? digits.Substring(2) : digits;
        }

        /// <summary>By the number as the reference's lookup example writes it, digits only; anything else finds nothing.</summary>
        public SandboxContact? ByPhone(string phone)
        {
            var digits = phone;
            if (digits.Length == 0 || !digits.All(char.IsDigit))
            {
                return null;
            }

            lock (_gate)
            {
                if (_createdPhones.TryGetValue(digits.TrimStart('+'), out var created))
                {
                    return GetLocked(created);
                }

                var index = ContactGenerator.IndexOfPhone(phone);
                return index < _generated ? GetLocked(index) : null;
            }
        }

        public SandboxContact? ByBsuid(string bsuid)
        {
            lock (_gate)
            {
                var index = ContactGenerator.IndexOfBsuid(bsuid);
                if (index >= 0 && index < _generated)
                {
                    return GetLocked(index);
                }

                return _changed.Values.FirstOrDefault(c => c.Index >= _generated && c.Bsuid == bsuid && !_deleted.Contains(c.Index));
            }
        }

        public SandboxContact Create(Action<SandboxContact> fill)
        {
            lock (_gate)
            {
                var index = _count++;
                var contact = new SandboxContact
                {
                    Index = index,
                    Uuid = ContactGenerator.UuidFor(index),
                    CreatedAt = DateTimeOffset.UtcNow,
                    Channel = SandboxChannel.All[0],
                };
                fill(contact);
                _changed[index] = contact;
                _createdPhones[LookupDigits(contact.PhoneNumber)] = index;
                _version++;
                return contact;
            }
        }

        /// <summary>Changes a copy of the contact and stores it; null when it does not exist.</summary>
        public SandboxContact? Update(string uuid, Action<SandboxContact> change)
        {
            lock (_gate)
            {
                var current = GetLocked(ContactGenerator.IndexOfUuid(uuid));
                if (current is null)
                {
                    return null;
                }

                var copy = current.Clone();
                change(copy);
                _changed[copy.Index] = copy;
                _version++;
                return copy;
            }
        }

        public bool Delete(string uuid)
        {
            lock (_gate)
            {
                var index = ContactGenerator.IndexOfUuid(uuid);
                if (GetLocked(index) is null)
                {
                    return false;
                }

                _deleted.Add(index);
                _version++;
                return true;
            }
        }

        /// <summary>Page <paramref name="page"/> of the contacts <paramref name="filter"/> lets through, and how many pages there are.</summary>
        public (List<SandboxContact> Items, int Pages) Page(ContactFilter filter, int page, int pageSize)
        {
            lock (_gate)
            {
                if (filter.IsEmpty && _deleted.Count == 0)
                {
                    // The common case, without any bookkeeping: index = position.
                    var first = (long)(page - 1) * pageSize;
                    var all = new List<SandboxContact>(pageSize);
                    for (var i = first; i < Math.Min(_count, first + pageSize); i++)
                    {
                        all.Add(GetLocked((int)i)!);
                    }

                    return (all, (_count + pageSize - 1) / pageSize);
                }

                var matches = MatchesFor(filter);
                var skip = (long)(page - 1) * pageSize;
                matches.Extend(this, skip + pageSize);
                var items = new List<SandboxContact>(pageSize);
                for (var i = skip; i < Math.Min(matches.Found.Count, skip + pageSize); i++)
                {
                    items.Add(GetLocked(matches.Found[(int)i])!);
                }

                matches.Extend(this, long.MaxValue);
                var pages = (int)((matches.Found.Count + pageSize - 1) / pageSize);
                return (items, pages);
            }
        }

        /// <summary>
        /// The batch from index <paramref name="from"/> (up to <paramref name="limit"/>, the count
        /// when the walk began), and the index the next batch starts at, or -1 after the last.
        /// </summary>
        public (List<SandboxContact> Items, int Next) Batch(ContactFilter filter, int from, int limit, int pageSize)
        {
            lock (_gate)
            {
                var items = new List<SandboxContact>(pageSize);
                var end = Math.Min(limit, _count);
                for (var index = from; index < end; index++)
                {
                    var contact = GetLocked(index);
                    if (contact is null || !filter.Matches(contact))
                    {
                        continue;
                    }

                    if (items.Count == pageSize)
                    {
                        return (items, index);
                    }

                    items.Add(contact);
                }

                return (items, -1);
            }
        }

        /// <summary>An opaque cursor: where the next batch starts and where the walk ends, with a check digit.</summary>
        public static string Cursor(int next, int limit)
        {
            var text = "v1:" + next.ToString(CultureInfo.InvariantCulture) + ":" + limit.ToString(CultureInfo.InvariantCulture);
            text += ":" + Check(text);
            return Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static bool TryReadCursor(string cursor, out int next, out int limit)
        {
            next = limit = 0;
            try
            {
                var padded = cursor.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - (padded.Length % 4)) % 4);
                var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split(':');
                return parts.Length == 4 && parts[0] == "v1"
                    && parts[3] == Check(parts[0] + ":" + parts[1] + ":" + parts[2])
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out next)
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out limit);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static string Check(string text)
        {
            var sum = 17;
            foreach (var c in text)
            {
                sum = (sum * 31) + c;
            }

            return (sum & 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        }

        private SandboxContact? GetLocked(int index)
        {
            if (index < 0 || index >= _count || _deleted.Contains(index))
            {
                return null;
            }

            return _changed.TryGetValue(index, out var changed) ? changed : ContactGenerator.Create(index);
        }

        private Matches MatchesFor(ContactFilter filter)
        {
            if (!_matches.TryGetValue(filter.Key, out var matches) || matches.Version != _version)
            {
                matches = new Matches(filter, _version);
                _matches[filter.Key] = matches;
            }

            return matches;
        }

        /// <summary>The indexes one filter matched so far, and where the scan stopped.</summary>
        private sealed class Matches
        {
            private readonly ContactFilter _filter;
            private int _scanned;

            public Matches(ContactFilter filter, long version)
            {
                _filter = filter;
                Version = version;
            }

            public long Version { get; }

            public List<int> Found { get; } = new List<int>();

            public void Extend(ContactStore store, long wanted)
            {
                while (Found.Count < wanted && _scanned < store._count)
                {
                    var contact = store.GetLocked(_scanned);
                    if (contact != null && _filter.Matches(contact))
                    {
                        Found.Add(_scanned);
                    }

                    _scanned++;
                }
            }
        }
    }
}
