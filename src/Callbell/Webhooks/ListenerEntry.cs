using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Webhooks
{
    /// <summary>What happened to one request the listener answered.</summary>
    public enum ListenerEntryKind
    {
        /// <summary>An event: <see cref="ListenerEntry.Event"/> holds it; it is answered once <see cref="WebhookListener.Complete"/> says whether it was delivered.</summary>
        Event,
        /// <summary>A connection check (no event in the body), answered 200 {"status":"ok"}.</summary>
        Check,
        /// <summary>An event whose signature failed, answered 401; its body was never parsed.</summary>
        Rejected,
        /// <summary>The listener started answering 503 (full, or too many requests): Callbell sends those again, but repeated failures disable the webhook.</summary>
        Deferred,
        /// <summary>An event identical to one delivered within the duplicate window: acknowledged, not handed out again.</summary>
        Duplicate,
    }

    /// <summary>One answered request, in the order the listener answered them.</summary>
    public sealed class ListenerEntry
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Withdrawn = 2;

        private readonly TaskCompletionSource<bool>? _delivered;
        private int _state;

        internal ListenerEntry(ListenerEntryKind kind, string remote, string detail, InboundEvent? inbound = null)
        {
            Kind = kind;
            Remote = remote;
            Detail = detail;
            Event = inbound;
            if (kind == ListenerEntryKind.Event)
            {
                _delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public ListenerEntryKind Kind { get; }

        /// <summary>The sender's address.</summary>
        public string Remote { get; }

        /// <summary>A sentence for a log: what arrived and what the listener answered.</summary>
        public string Detail { get; }

        public InboundEvent? Event { get; }

        /// <summary>Whether the event was delivered (200) or not (503), once known.</summary>
        internal Task<bool> Delivered => _delivered!.Task;

        /// <summary>The consumer takes it; false when the request was already answered 503.</summary>
        internal bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        /// <summary>The request gives up on it (timeout, stop); false when the consumer took it first.</summary>
        internal bool TryWithdraw()
        {
            if (_delivered is null || Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) != Waiting)
            {
                return false;
            }

            _delivered!.TrySetResult(false);
            return true;
        }

        internal void Resolve(bool delivered) => _delivered?.TrySetResult(delivered);
    }
}
