namespace Callbell.Webhooks
{
    /// <summary>What happened to one request the listener answered.</summary>
    public enum ListenerEntryKind
    {
        /// <summary>An event, acknowledged with 200: <see cref="ListenerEntry.Event"/> holds it.</summary>
        Event,
        /// <summary>A connection check (no event in the body), answered 200 {"status":"ok"}.</summary>
        Check,
        /// <summary>An event whose signature failed, answered 401 and dropped.</summary>
        Rejected,
        /// <summary>An event that found the queue full, answered 503 so Callbell sends it again.</summary>
        Deferred,
    }

    /// <summary>One answered request, in the order the listener answered them.</summary>
    public sealed class ListenerEntry
    {
        internal ListenerEntry(ListenerEntryKind kind, string remote, string detail, InboundEvent? inbound = null)
        {
            Kind = kind;
            Remote = remote;
            Detail = detail;
            Event = inbound;
        }

        public ListenerEntryKind Kind { get; }

        /// <summary>The sender's address.</summary>
        public string Remote { get; }

        /// <summary>A sentence for a log: what arrived and what the listener answered.</summary>
        public string Detail { get; }

        public InboundEvent? Event { get; }
    }
}
