using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Conversations
{
    /// <summary>A contact's conversation: its messages (newest first), open, close, notes, funnel.</summary>
    public sealed class ConversationsClient
    {
        private readonly CallbellClient _client;

        internal ConversationsClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "contacts/{uuid}/messages")]
        public async Task<Page<Message>> GetMessagesPageAsync(string contactUuid, int page = 1, CancellationToken cancellationToken = default) =>
            Stamp(await _client.PageAsync<Message>(MessagesRequest(contactUuid, page), "messages", new PagePosition(page), cancellationToken).ConfigureAwait(false), contactUuid);

        public IAsyncEnumerable<Page<Message>> ListMessagesPagesAsync(string contactUuid, int firstPage = 1, CancellationToken cancellationToken = default)
        {
            MessagesRequest(contactUuid, firstPage); // validates now, before enumeration starts
            return PageWalker.WalkAsync((page, ct) => GetMessagesPageAsync(contactUuid, page, ct), firstPage, _client.Connection.Options.Lookahead, cancellationToken);
        }

        /// <summary>Reopens the conversation. Idempotent: safe to retry.</summary>
        [Endpoint("POST", "contacts/{uuid}/conversation/open")]
        public Task<Contact> OpenAsync(string contactUuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(ApiRequest.Post("contacts").Segment(contactUuid, "Uuid").Then("conversation/open").Idempotent(), "contact", cancellationToken);

        /// <summary>Closes the conversation. Idempotent: safe to retry.</summary>
        [Endpoint("POST", "contacts/{uuid}/conversation/close")]
        public Task<Contact> CloseAsync(string contactUuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(ApiRequest.Post("contacts").Segment(contactUuid, "Uuid").Then("conversation/close").Idempotent(), "contact", cancellationToken);

        /// <summary>Adds an internal note (@name mentions a teammate). Not retried after it may have arrived: a note could appear twice.</summary>
        [Endpoint("POST", "contacts/{uuid}/conversation/note")]
        public Task<ApiStatus> AddNoteAsync(string contactUuid, string text, CancellationToken cancellationToken = default) =>
            _client.StatusAsync(
                ApiRequest.Post("contacts").Segment(contactUuid, "Uuid").Then("conversation/note").WithBody(new JsonBody().Set("text", Note(text))),
                cancellationToken);

        /// <summary>Moves the conversation to a funnel (the page title's PUT path; snippets show a POST elsewhere).</summary>
        [Endpoint("PUT", "contacts/{uuid}/conversation/update_funnel")]
        public Task<Contact> SetFunnelAsync(string contactUuid, string funnelId, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Contact>(
                ApiRequest.Put("contacts").Segment(contactUuid, "Uuid").Then("conversation/update_funnel").WithBody(new JsonBody().Set("funnel_id", Identifier.Validate(funnelId, "FunnelId"))),
                "contact",
                cancellationToken);

        private static ApiRequest MessagesRequest(string contactUuid, int page) =>
            ApiRequest.Get("contacts").Segment(contactUuid, "Uuid").Then("messages").Query("page", Text.PageAbove1(page), "Page");

        private static string Note(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw CallbellException.InvalidArgument("Text", "The note is empty.", "Pass the note's text, e.g. -Text 'Called back, all sorted'.");
            }

            // The reference states no length for a conversation note (only for a contact's, 1,000): none is enforced here.
            return text;
        }

        private static Page<Message> Stamp(Page<Message> page, string contactUuid)
        {
            foreach (var message in page.Items)
            {
                message.ContactUuid = contactUuid;
            }

            return page;
        }
    }
}
