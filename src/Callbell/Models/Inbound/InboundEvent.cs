using System;

namespace Callbell.Webhooks
{
    /// <summary>
    /// One event Callbell posted to a webhook subscriber: <c>{"event": NAME, "payload": {...}}</c>.
    /// Each documented event has its own class with a typed <c>Payload</c>; an event this version
    /// does not know arrives as an <see cref="UnknownEvent"/> with the payload as plain values.
    /// Callbell gives events no id, so they cannot be de-duplicated by one.
    /// </summary>
    public abstract class InboundEvent
    {
        /// <summary>The event name, e.g. message_created.</summary>
        public string Event { get; internal set; } = string.Empty;

        /// <summary>The payload whatever its type; each class shows it as its own typed Payload.</summary>
        internal abstract object? PayloadObject { get; }

        /// <summary>True when an X-Callbell-Signature was checked against the secret and held.</summary>
        public bool Verified { get; internal set; }

        /// <summary>When Callbell signed it (the signature's t), for a verified event.</summary>
        public DateTimeOffset? SignedAt { get; internal set; }

        /// <summary>When this process read it.</summary>
        public DateTimeOffset ReceivedAt { get; internal set; }

        /// <summary>Top-level fields besides event and payload, as plain values.</summary>
        public AdditionalFields? AdditionalFields { get; internal set; }

        /// <summary>The body exactly as it arrived, for logging or forwarding.</summary>
        public string RawBody { get; internal set; } = string.Empty;

        public override string ToString() => Event;
    }

    /// <summary>An event whose payload is read as <typeparamref name="TPayload"/>.</summary>
    public abstract class InboundEvent<TPayload> : InboundEvent
        where TPayload : class
    {
        public TPayload? Payload { get; internal set; }

        internal override object? PayloadObject => Payload;
    }

    /// <summary>An event name this version does not know (the API grows): its payload as plain values.</summary>
    public sealed class UnknownEvent : InboundEvent
    {
        public object? Payload { get; internal set; }

        internal override object? PayloadObject => Payload;
    }

    /// <summary>message_created: a message was received or sent.</summary>
    public sealed class MessageCreatedEvent : InboundEvent<MessageCreated>
    {
    }

    /// <summary>message_status_updated: an outgoing message's status changed (WhatsApp Business API and QR API only).</summary>
    public sealed class MessageStatusUpdatedEvent : InboundEvent<MessageStatusUpdated>
    {
    }

    /// <summary>contact_created: the payload is the (partial) contact.</summary>
    public sealed class ContactCreatedEvent : InboundEvent<Contact>
    {
    }

    /// <summary>contact_updated: the payload is the (partial) contact.</summary>
    public sealed class ContactUpdatedEvent : InboundEvent<Contact>
    {
    }

    /// <summary>contact_deleted: the uuid and when.</summary>
    public sealed class ContactDeletedEvent : InboundEvent<ContactDeleted>
    {
    }

    /// <summary>conversation_opened (also sent on reopen).</summary>
    public sealed class ConversationOpenedEvent : InboundEvent<ConversationChange>
    {
    }

    /// <summary>conversation_closed, with the closing reason.</summary>
    public sealed class ConversationClosedEvent : InboundEvent<ConversationChange>
    {
    }

    /// <summary>agent_status_updated: the payload is the agent as a team member.</summary>
    public sealed class AgentStatusUpdatedEvent : InboundEvent<TeamMember>
    {
    }

    /// <summary>agent_session_updated: an agent logged in or out.</summary>
    public sealed class AgentSessionUpdatedEvent : InboundEvent<AgentSession>
    {
    }

    /// <summary>team_membership_updated: an agent was added to or removed from a team.</summary>
    public sealed class TeamMembershipUpdatedEvent : InboundEvent<TeamMembershipChange>
    {
    }
}
