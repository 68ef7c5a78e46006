using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Contacts
{
    /// <summary>
    /// Every contact of the account, read once (GET /contacts, every page, with field types) and
    /// matched locally by uuid and by phone number: the read-once mode of a CRM sync. It pays when
    /// the rows outnumber the pages: the walk is one request per 20 contacts, made one after
    /// another (a cursor walk is sequential), against a lookup per row at the account's budget.
    /// What the run changes or creates is put back, so later rows for the same contact see it.
    /// </summary>
    internal sealed class ContactIndex
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Contact> _byUuid = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Contact> _byPhone = new Dictionary<string, Contact>(StringComparer.Ordinal);
        private readonly Dictionary<string, Contact> _byPhoneAnyChannel = new Dictionary<string, Contact>(StringComparer.Ordinal);
        private readonly string? _mainChannel;

        private ContactIndex(string? mainChannel)
        {
            _mainChannel = mainChannel;
        }

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _byUuid.Count;
                }
            }
        }

        /// <summary>Reads every contact once. <paramref name="mainWhatsappChannel"/> is where a number without -ChannelUuid is looked for, as the API's phone lookup does.</summary>
        public static async Task<ContactIndex> ReadAsync(CallbellClient client, string? mainWhatsappChannel, CancellationToken cancellationToken)
        {
            var index = new ContactIndex(mainWhatsappChannel);
            await foreach (var contact in client.Contacts.ListAllAsync(new ContactQuery { IncludeFieldTypes = true }, 1, cancellationToken).ConfigureAwait(false))
            {
                index.Update(contact);
            }

            return index;
        }

        public Contact? ByUuid(string uuid)
        {
            lock (_gate)
            {
                return _byUuid.TryGetValue(uuid, out var contact) ? contact : null;
            }
        }

        /// <summary>The contact with the E.164 number <paramref name="phone"/> on <paramref name="channelUuid"/>, or on the main WhatsApp channel when it is null.</summary>
        public Contact? ByPhone(string phone, string? channelUuid)
        {
            var digits = Digits(phone);
            lock (_gate)
            {
                var channel = channelUuid ?? _mainChannel;
                if (channel != null)
                {
                    return _byPhone.TryGetValue(digits + "|" + channel, out var onChannel) ? onChannel : null;
                }

                return _byPhoneAnyChannel.TryGetValue(digits, out var any) ? any : null;
            }
        }

        /// <summary>A contact as it is now (read, changed or created by this run).</summary>
        public void Update(Contact contact)
        {
            if (contact.Uuid is null)
            {
                return;
            }

            var digits = contact.PhoneNumber is null ? null : Digits(contact.PhoneNumber);
            lock (_gate)
            {
                _byUuid[contact.Uuid] = contact;
                if (digits != null)
                {
                    _byPhone[digits + "|" + contact.ChannelUuid] = contact;
                    _byPhoneAnyChannel[digits] = contact;
                }
            }
        }

        /// <summary>A stored number in whatever spelling the account holds it, as E.164 digits; digits as they are when it does not parse.</summary>
        private static string Digits(string phone)
        {
            string? e164 = null;
            try
            {
                e164 = PhoneNumberIdentity.ToE164(phone, null, "PhoneNumber");
            }
            catch (CallbellException)
            {
                // Not a number libphonenumber knows: matched by its digits alone.
            }

            return Http.Identifier.Normalised(e164 ?? phone);
        }
    }
}
