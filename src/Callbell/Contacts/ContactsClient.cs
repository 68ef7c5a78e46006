using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Contacts
{
    /// <summary>The contacts area: list (by cursor), and look one up by uuid, phone number or bsuid.</summary>
    public sealed class ContactsClient
    {
        private readonly CallbellClient _client;

        internal ContactsClient(CallbellClient client)
        {
            _client = client;
        }

        /// <summary>The API reads contacts by page number only up to page 500 (10,000 contacts); past that, by cursor.</summary>
        public const int MaxPage = 500;

        [Endpoint("GET", "contacts")]
        public Task<Page<Contact>> GetPageAsync(ContactQuery query, PagePosition position, CancellationToken cancellationToken = default) =>
            _client.PageAsync<Contact>(query.ToRequest(CheckStart(position)), "contacts", position, cancellationToken);

        public Task<Page<Contact>> GetPageAsync(ContactQuery query, int page = 1, CancellationToken cancellationToken = default) =>
            GetPageAsync(query, new PagePosition(page), cancellationToken);

        /// <summary>Every batch from <paramref name="start"/> on: by cursor when the server sends one, else by page with lookahead.</summary>
        public IAsyncEnumerable<Page<Contact>> ListPagesAsync(ContactQuery query, PagePosition start, CancellationToken cancellationToken = default) =>
            _client.WalkByCursorAsync<Contact>(query.ToRequest, "contacts", CheckStart(start), contact => contact.Uuid, cancellationToken);

        public IAsyncEnumerable<Page<Contact>> ListPagesAsync(ContactQuery query, int firstPage = 1, CancellationToken cancellationToken = default) =>
            ListPagesAsync(query, new PagePosition(firstPage), cancellationToken);

        /// <summary>Every contact from <paramref name="firstPage"/> on, as each batch arrives.</summary>
        public IAsyncEnumerable<Contact> ListAllAsync(ContactQuery query, int firstPage = 1, CancellationToken cancellationToken = default) =>
            PageWalker.ItemsAsync(ListPagesAsync(query, firstPage, cancellationToken), cancellationToken);

        [Endpoint("GET", "contacts/{uuid}")]
        public Task<Contact> GetAsync(string uuid, bool includeFieldTypes = false, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(
                ApiRequest.Get("contacts").Segment(uuid, "Uuid").Query("include_field_types", includeFieldTypes ? "true" : null, "IncludeFieldType"),
                "contact",
                cancellationToken);

        [Endpoint("GET", "contacts/phone/{number}")]
        public Task<Contact> GetByPhoneAsync(string phoneNumber, string? channelUuid = null, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(
                ApiRequest.Get("contacts/phone").Segment(PhoneDigits(phoneNumber), "PhoneNumber", IdentifierKind.PhoneNumber)
                    .Query("channel_uuid", channelUuid is null ? null : Identifier.Validate(channelUuid, "ChannelUuid"), "ChannelUuid"),
                "contact",
                cancellationToken);

        /// <summary>
        /// The contact with this phone number (on <paramref name="channelUuid"/>, default the main
        /// WhatsApp channel), or null when there is none: a CRM row keyed by phone. With
        /// <paramref name="includeFieldTypes"/> it is read again by uuid, since the phone lookup
        /// takes no include_field_types.
        /// </summary>
        [Endpoint("GET", "contacts/phone/{number}")]
        public async Task<Contact?> FindByPhoneAsync(string phoneNumber, string? channelUuid, bool includeFieldTypes, CancellationToken cancellationToken = default)
        {
            Contact found;
            try
            {
                found = await GetByPhoneAsync(phoneNumber, channelUuid, cancellationToken).ConfigureAwait(false);
            }
            catch (CallbellApiException ex) when (ex.StatusCode == 404)
            {
                return null;
            }

            return includeFieldTypes && found.Uuid != null ? await GetAsync(found.Uuid, true, cancellationToken).ConfigureAwait(false) : found;
        }

        [Endpoint("GET", "contacts/bsuid/{bsuid}")]
        public Task<Contact> GetByBsuidAsync(string bsuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(ApiRequest.Get("contacts/bsuid").Segment(bsuid, "Bsuid"), "contact", cancellationToken);

        /// <summary>Creates a contact. The API requires the identifier (a phone number or platform id), the source and a name.</summary>
        [Endpoint("POST", "contacts")]
        public Task<Contact> CreateAsync(string identifier, string source, string name, ContactChanges? fields = null, CancellationToken cancellationToken = default)
        {
            var body = (fields ?? new ContactChanges()).Body()
                .Set("identifier", Text.Require(identifier, "PhoneNumber", 100))
                .Set("source", Identifier.Validate(source, "Source"))
                .Set("name", Text.Require(name, "Name", 200));
            return _client.OneAsync<Contact>(ApiRequest.Post("contacts").WithBody(body), "contact", cancellationToken);
        }

        /// <summary>Sends only the fields <paramref name="changes"/> sets; the phone number cannot be changed.</summary>
        [Endpoint("PATCH", "contacts/{uuid}")]
        public Task<Contact> UpdateAsync(string uuid, ContactChanges changes, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(ApiRequest.Patch("contacts").Segment(uuid, "Uuid").WithBody(changes.Body()), "contact", cancellationToken);

        /// <summary>Deletes the contact for good.</summary>
        [Endpoint("DELETE", "contacts/{uuid}")]
        public Task<ApiStatus> DeleteAsync(string uuid, CancellationToken cancellationToken = default) =>
            _client.StatusAsync(ApiRequest.Delete("contacts").Segment(uuid, "Uuid"), cancellationToken);

        private static PagePosition CheckStart(PagePosition position)
        {
            if (position.After is null && position.Page > MaxPage)
            {
                throw CallbellException.InvalidArgument(
                    "Page",
                    "Page " + position.Page + " is past the last page the API serves by number (" + MaxPage + ", that is 10,000 contacts).",
                    "Use -All, which walks by cursor past that point, or resume a walk with -After <cursor>.");
            }

            return position;
        }

        /// <summary>
        /// A phone number in the reference's form for a path, digits only ("+39 333 123" →
        /// "39333123"): checked as a phone number first, so bad input is named before any request.
        /// </summary>
        internal static string PhoneDigits(string phoneNumber)
        {
            var valid = Identifier.Validate(phoneNumber, "PhoneNumber", IdentifierKind.PhoneNumber);
            return new string(valid.Where(char.IsDigit).ToArray());
        }
    }
}
