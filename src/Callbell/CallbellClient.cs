using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Bots;
using Callbell.Channels;
using Callbell.Conversations;
using Callbell.Contacts;
using Callbell.CustomStatuses;
using Callbell.Funnels;
using Callbell.Plans;
using Callbell.Teams;
using Callbell.Templates;
using Callbell.Users;
using Callbell.Webhooks;
using Callbell.Generic;
using Callbell.Http;
using Callbell.Json;
using Callbell.Messages;
using Callbell.Paging;

namespace Callbell
{
    /// <summary>
    /// The entry point: one client per API area over one shared <see cref="CallbellConnection"/>.
    /// Cheap to create; the observer (e.g. a cmdlet's -Verbose stream) belongs to this client
    /// alone, while HTTP connections and the rate limiter are shared. Area clients write each
    /// endpoint as one short method over the generic verbs below.
    /// </summary>
    public sealed class CallbellClient
    {
        public CallbellClient(CallbellConnection connection, IRequestObserver? observer = null)
        {
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            Observer = observer;
            Auth = new AuthClient(this);
            Contacts = new ContactsClient(this);
            Conversations = new ConversationsClient(this);
            Bots = new BotsClient(this);
            Messages = new MessagesClient(this);
            Generic = new GenericClient(this);
            Channels = new ChannelsClient(this);
            Teams = new TeamsClient(this);
            Templates = new TemplatesClient(this);
            Funnels = new FunnelsClient(this);
            CustomStatuses = new CustomStatusesClient(this);
            Users = new UsersClient(this);
            Plan = new PlanClient(this);
            Webhooks = new WebhooksClient(this);
        }

        public CallbellConnection Connection { get; }

        public IRequestObserver? Observer { get; }

        public AuthClient Auth { get; }

        public ContactsClient Contacts { get; }

        public ConversationsClient Conversations { get; }

        public BotsClient Bots { get; }

        public MessagesClient Messages { get; }

        /// <summary>Any endpoint, for those newer than the module.</summary>
        public GenericClient Generic { get; }

        public ChannelsClient Channels { get; }

        public TeamsClient Teams { get; }

        public TemplatesClient Templates { get; }

        public FunnelsClient Funnels { get; }

        public CustomStatusesClient CustomStatuses { get; }

        public UsersClient Users { get; }

        public PlanClient Plan { get; }

        public WebhooksClient Webhooks { get; }

        /// <summary>One object under <paramref name="key"/> (bare or in a one-element array).</summary>
        internal async Task<T> OneAsync<T>(ApiRequest request, string key, CancellationToken cancellationToken, string? alternativeKey = null)
            where T : class
        {
            using var response = await Connection.SendAsync(request, Observer, this, cancellationToken).ConfigureAwait(false);
            return Stamped(ResponseReader.ReadOne<T>(response, key, alternativeKey));
        }

        /// <summary>The whole body as one object.</summary>
        internal async Task<T> RootAsync<T>(ApiRequest request, CancellationToken cancellationToken)
            where T : class
        {
            using var response = await Connection.SendAsync(request, Observer, this, cancellationToken).ConfigureAwait(false);
            return Stamped(ResponseReader.ReadRoot<T>(response));
        }

        /// <summary>A status body, or none (204, empty).</summary>
        internal async Task<ApiStatus> StatusAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            using var response = await Connection.SendAsync(request, Observer, this, cancellationToken).ConfigureAwait(false);
            return ResponseReader.ReadStatus(response);
        }

        /// <summary>One page: the items under <paramref name="key"/> and the meta block.</summary>
        internal async Task<Page<T>> PageAsync<T>(ApiRequest request, string key, PagePosition position, CancellationToken cancellationToken)
            where T : class
        {
            using var response = await Connection.SendAsync(request, Observer, this, cancellationToken).ConfigureAwait(false);
            var (items, meta) = ResponseReader.ReadList<T>(response, key);
            foreach (var item in items)
            {
                Stamped(item);
            }

            return new Page<T>(position.Page, items, meta, response.Fingerprint(), position.After);
        }

        /// <summary>Every page of a number-paged list from <paramref name="firstPage"/>, with the connection's lookahead.</summary>
        internal IAsyncEnumerable<Page<T>> WalkAsync<T>(Func<int, ApiRequest> request, string key, int firstPage, CancellationToken cancellationToken)
            where T : class
        {
            request(firstPage); // validates the caller's input now, before enumeration starts
            return PageWalker.WalkAsync((page, ct) => PageAsync<T>(request(page), key, new PagePosition(page), ct), firstPage, Connection.Options.Lookahead, cancellationToken);
        }

        /// <summary>Every batch of a cursor-paged list from <paramref name="start"/>, de-duplicated by <paramref name="identity"/>.</summary>
        internal IAsyncEnumerable<Page<T>> WalkByCursorAsync<T>(Func<PagePosition, ApiRequest> request, string key, PagePosition start, Func<T, string?> identity, CancellationToken cancellationToken)
            where T : class
        {
            request(start);
            return CursorWalker.WalkAsync((position, ct) => PageAsync<T>(request(position), key, position, ct), start, Connection.Options.Lookahead, identity, cancellationToken);
        }

        private T Stamped<T>(T item)
        {
            if (item is ApiObject read)
            {
                read.Account = Connection.Account;
            }

            return item;
        }
    }
}
