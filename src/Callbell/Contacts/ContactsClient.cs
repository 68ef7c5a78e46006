using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Json;
using Callbell.Paging;

namespace Callbell.Contacts
{
    /// <summary>The contacts area: list, walk, and look one up by uuid, phone number or bsuid.</summary>
    public sealed class ContactsClient
    {
        private readonly CallbellClient _client;

        internal ContactsClient(CallbellClient client)
        {
            _client = client;
        }

        public Task<Page<Contact>> GetPageAsync(ContactQuery query, int page, CancellationToken cancellationToken = default) =>
            _client.GetPageAsync(query.ToRequest(page), page, CallbellJsonContext.Default.ContactListEnvelope, e => e.Contacts, e => e.Meta, "contacts", cancellationToken);

        /// <summary>Every page from <paramref name="firstPage"/> on, with lookahead.</summary>
        public IAsyncEnumerable<Page<Contact>> ListPagesAsync(ContactQuery query, int firstPage = 1, CancellationToken cancellationToken = default)
        {
            query.ToRequest(firstPage); // validate now, before the caller starts enumerating
            return _client.WalkAsync((page, ct) => GetPageAsync(query, page, ct), firstPage, cancellationToken);
        }

        /// <summary>Every contact from <paramref name="firstPage"/> on, as each page arrives.</summary>
        public IAsyncEnumerable<Contact> ListAllAsync(ContactQuery query, int firstPage = 1, CancellationToken cancellationToken = default) =>
            PageWalker.ItemsAsync(ListPagesAsync(query, firstPage, cancellationToken), cancellationToken);

        public Task<Contact> GetAsync(string uuid, bool includeFieldTypes = false, CancellationToken cancellationToken = default)
        {
            var request = ApiRequest.Get("contacts").Segment(uuid, "Uuid").Query("include_field_types", includeFieldTypes ? "true" : null, "IncludeFieldType");
            return GetOneAsync(request, cancellationToken);
        }

        public Task<Contact> GetByPhoneAsync(string phoneNumber, string? channelUuid = null, CancellationToken cancellationToken = default)
        {
            var request = ApiRequest.Get("contacts/phone").Segment(phoneNumber, "PhoneNumber", IdentifierKind.PhoneNumber)
                .Query("channel_uuid", channelUuid is null ? null : Identifier.Validate(channelUuid, "ChannelUuid"), "ChannelUuid");
            return GetOneAsync(request, cancellationToken);
        }

        public Task<Contact> GetByBsuidAsync(string bsuid, CancellationToken cancellationToken = default) =>
            GetOneAsync(ApiRequest.Get("contacts/bsuid").Segment(bsuid, "Bsuid"), cancellationToken);

        private async Task<Contact> GetOneAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            var envelope = await _client.GetAsync(request, CallbellJsonContext.Default.ContactEnvelope, "a contact", cancellationToken).ConfigureAwait(false);
            return envelope.Contact ?? throw new CallbellException(CallbellErrorKind.InvalidResponse, "Callbell.InvalidResponse", request + " answered without a contact.");
        }
    }
}
