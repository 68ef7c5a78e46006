using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json.Serialization.Metadata;
using Callbell.Contacts;
using Callbell.Http;
using Callbell.Json;
using Callbell.Paging;

namespace Callbell
{
    /// <summary>
    /// The entry point: one client per API area over one shared <see cref="CallbellConnection"/>.
    /// Cheap to create; the observer (e.g. a cmdlet's -Verbose stream) belongs to this client
    /// alone, while HTTP connections and the rate limiter are shared.
    /// </summary>
    public sealed class CallbellClient
    {
        public CallbellClient(CallbellConnection connection, IRequestObserver? observer = null)
        {
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            Observer = observer;
            Auth = new AuthClient(this);
            Contacts = new ContactsClient(this);
        }

        public CallbellConnection Connection { get; }

        public IRequestObserver? Observer { get; }

        public AuthClient Auth { get; }

        public ContactsClient Contacts { get; }

        internal async Task<T> GetAsync<T>(ApiRequest request, JsonTypeInfo<T> info, string what, CancellationToken cancellationToken)
            where T : class
        {
            using var response = await Connection.SendAsync(request, Observer, cancellationToken).ConfigureAwait(false);
            return ResponseReader.Read(response, info, what);
        }

        internal async Task<Page<TItem>> GetPageAsync<TEnvelope, TItem>(
            ApiRequest request,
            int number,
            JsonTypeInfo<TEnvelope> info,
            Func<TEnvelope, List<TItem>?> items,
            Func<TEnvelope, PageMeta?> meta,
            string what,
            CancellationToken cancellationToken)
            where TEnvelope : class
        {
            using var response = await Connection.SendAsync(request, Observer, cancellationToken).ConfigureAwait(false);
            var envelope = ResponseReader.Read(response, info, what);
            var list = items(envelope) ?? throw ResponseReader.Invalid(response, "The response has no " + what + " array.", null);
            return new Page<TItem>(number, list, meta(envelope), response.Fingerprint());
        }

        /// <summary>Walks pages from <paramref name="firstPage"/> with the connection's lookahead.</summary>
        internal IAsyncEnumerable<Page<T>> WalkAsync<T>(Func<int, CancellationToken, Task<Page<T>>> fetchPage, int firstPage, CancellationToken cancellationToken) =>
            PageWalker.WalkAsync(fetchPage, firstPage, Connection.Options.Lookahead, cancellationToken);
    }
}
