using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell.Messages
{
    /// <summary>
    /// Sending messages, following their status, deleting them. A send is never repeated after it
    /// may have reached the server (5xx, timeout, dropped connection): a WhatsApp message sent
    /// twice is worse than a clear error. A 429 and a refused connection are retried.
    /// </summary>
    public sealed class MessagesClient
    {
        private static readonly ConditionalWeakTable<CallbellConnection, Dictionary<string, string>> MainChannels = new ConditionalWeakTable<CallbellConnection, Dictionary<string, string>>();

        private readonly CallbellClient _client;

        internal MessagesClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("POST", "messages/send")]
        public async Task<MessageSendRequest> SendAsync(MessageDraft draft, CancellationToken cancellationToken = default)
        {
            var sent = await _client.OneAsync<MessageSendRequest>(ApiRequest.Post("messages/send").WithBody(draft.Body()), "message", cancellationToken).ConfigureAwait(false);
            sent.To = string.IsNullOrEmpty(draft.To) ? null : draft.To;
            sent.Bsuid = string.IsNullOrEmpty(draft.To) ? draft.Bsuid : null;
            sent.Metadata = draft.Metadata is null ? null : new MessageMetadata(draft.Metadata);
            SentMessages.Of(_client.Connection).Remember(sent);
            return sent;
        }

        /// <summary>The message's status; for a message this connection sent, with whom it went to and its metadata.</summary>
        [Endpoint("GET", "messages/status/{uuid}")]
        public async Task<MessageSendRequest> GetStatusAsync(string uuid, CancellationToken cancellationToken = default) =>
            SentMessages.Of(_client.Connection).Recall(await _client.OneAsync<MessageSendRequest>(ApiRequest.Get("messages/status").Segment(uuid, "Uuid"), "message", cancellationToken).ConfigureAwait(false));

        /// <summary>Removes the message's content on Callbell only (the page title's path; snippets send DELETE /messages with a body).</summary>
        [Endpoint("DELETE", "messages/{uuid}")]
        public Task<ApiStatus> DeleteAsync(string uuidOrExternalId, CancellationToken cancellationToken = default) =>
            _client.StatusAsync(ApiRequest.Delete("messages").Segment(uuidOrExternalId, "Uuid"), cancellationToken);

        /// <summary>
        /// The uuid of the account's main active channel of <paramref name="type"/>, which the API
        /// requires on every send; looked up once per connection and kept.
        /// </summary>
        [Endpoint("GET", "channels")]
        public async Task<string> MainChannelAsync(string type, CancellationToken cancellationToken = default)
        {
            var known = MainChannels.GetValue(_client.Connection, _ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
            lock (known)
            {
                if (known.TryGetValue(type, out var cached))
                {
                    return cached;
                }
            }

            var channels = new List<Channel>();
            await foreach (var page in _client.Channels.ListPagesAsync(type, active: true, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                channels.AddRange(page.Items);
            }

            var main = channels.FirstOrDefault(c => c.Main == true && !c.Discarded) ?? channels.FirstOrDefault(c => !c.Discarded)
                ?? throw CallbellException.InvalidArgument("ChannelUuid", "The account has no active " + type + " channel to send from.", "Pass -ChannelUuid, or -From with a channel type the account has.");
            lock (known)
            {
                known[type] = main.Uuid!;
            }

            return main.Uuid!;
        }

        /// <summary>
        /// Polls the messages until each reaches one of <paramref name="statuses"/> (or a final
        /// status), with a backoff from half a second to five, and yields one result per message:
        /// as it settles; as soon as the API refuses it (an unknown uuid, which no later poll can
        /// change); or, at <paramref name="timeout"/>, with its last status. One message's failure
        /// never ends the wait for the others.
        /// </summary>
        public async IAsyncEnumerable<MessageWaitResult> WaitAsync(IEnumerable<string> uuids, ICollection<string> statuses, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var pending = uuids.Distinct(StringComparer.Ordinal).ToList();
            var last = new Dictionary<string, MessageSendRequest>(StringComparer.Ordinal);
            var errors = new Dictionary<string, CallbellException>(StringComparer.Ordinal);
            var deadline = DateTime.UtcNow + timeout;
            var delay = TimeSpan.FromMilliseconds(500);
            while (pending.Count > 0)
            {
                var polls = pending.Select(uuid => GetStatusAsync(uuid, cancellationToken)).ToList();
                var ended = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < polls.Count; i++)
                {
                    var uuid = pending[i];
                    MessageSendRequest message;
                    CallbellException? failed = null;
                    try
                    {
                        message = await polls[i].ConfigureAwait(false);
                    }
                    catch (CallbellException ex)
                    {
                        failed = ex;
                        message = null!;
                    }

                    if (failed != null)
                    {
                        errors[uuid] = failed;
                        if (failed.Kind == CallbellErrorKind.NotFound || failed.Kind == CallbellErrorKind.InvalidRequest || failed.Kind == CallbellErrorKind.InvalidArgument)
                        {
                            // No later poll can change this answer.
                            ended.Add(uuid);
                            last.TryGetValue(uuid, out var seen);
                            yield return new MessageWaitResult(uuid, seen, settled: false, failed);
                        }

                        continue;
                    }

                    errors.Remove(uuid);
                    last[uuid] = message;
                    if (statuses.Contains(message.Status ?? string.Empty) || message.IsFinal)
                    {
                        ended.Add(uuid);
                        yield return new MessageWaitResult(uuid, message, settled: true, null);
                    }
                }

                pending.RemoveAll(ended.Contains);
                var left = deadline - DateTime.UtcNow;
                if (pending.Count == 0)
                {
                    yield break;
                }

                if (left <= TimeSpan.Zero)
                {
                    foreach (var uuid in pending)
                    {
                        last.TryGetValue(uuid, out var seen);
                        errors.TryGetValue(uuid, out var error);
                        yield return new MessageWaitResult(uuid, seen, settled: false, error);
                    }

                    yield break;
                }

                await Task.Delay(delay < left ? delay : left, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 1.5));
            }
        }
    }
}
