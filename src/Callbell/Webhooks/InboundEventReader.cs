using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Callbell.Json;

namespace Callbell.Webhooks
{
    /// <summary>
    /// Reads the body Callbell posts to a subscriber into a typed <see cref="InboundEvent"/>.
    /// The table below is the one place an event is registered: its name, its class, and its
    /// payload's model. Unknown events and fields are kept, never failed.
    /// </summary>
    public static class InboundEventReader
    {
        private static readonly (string Name, Func<JsonElement?, InboundEvent> Read)[] Events =
        {
            ("message_created", Typed<MessageCreatedEvent, MessageCreated>),
            ("message_status_updated", Typed<MessageStatusUpdatedEvent, MessageStatusUpdated>),
            ("contact_created", Typed<ContactCreatedEvent, Contact>),
            ("contact_updated", Typed<ContactUpdatedEvent, Contact>),
            ("contact_deleted", Typed<ContactDeletedEvent, ContactDeleted>),
            ("conversation_opened", Typed<ConversationOpenedEvent, ConversationChange>),
            ("conversation_closed", Typed<ConversationClosedEvent, ConversationChange>),
            ("agent_status_updated", Typed<AgentStatusUpdatedEvent, TeamMember>),
            ("agent_session_updated", Typed<AgentSessionUpdatedEvent, AgentSession>),
            ("team_membership_updated", Typed<TeamMembershipUpdatedEvent, TeamMembershipChange>),
        };

        private static readonly Dictionary<string, Func<JsonElement?, InboundEvent>> Readers = Events.ToDictionary(e => e.Name, e => e.Read, StringComparer.Ordinal);

        /// <summary>The documented event names, in the reference's order.</summary>
        public static IReadOnlyList<string> DocumentedEvents { get; } = Events.Select(e => e.Name).ToArray();

        public static bool IsDocumented(string name) => Readers.ContainsKey(name);

        /// <summary>
        /// The event in <paramref name="body"/>. A body that is not a JSON object with a string
        /// "event" is a <see cref="WebhookFormatException"/> that says what it holds instead.
        /// </summary>
        public static InboundEvent Read(byte[] body)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(Json(body));
            }
            catch (JsonException ex)
            {
                throw new WebhookFormatException("The body is not JSON: " + ex.Message + Preview(body), ex);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new WebhookFormatException("The body is JSON but not an object (it is " + root.ValueKind.ToString().ToLowerInvariant() + ")." + Preview(body));
                }

                if (!root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString()))
                {
                    throw new WebhookFormatException("The body has no \"event\" name, so it is not a Callbell event (a connection check, perhaps)." + Preview(body));
                }

                JsonElement? payload = root.TryGetProperty("payload", out var found) ? found : (JsonElement?)null;
                var result = Create(name.GetString()!, payload);
                foreach (var property in root.EnumerateObject())
                {
                    if (property.Name != "event" && property.Name != "payload")
                    {
                        (result.AdditionalFields ??= new AdditionalFields())[property.Name] = PlainJson.From(property.Value);
                    }
                }

                result.RawBody = Text(body);
                result.ReceivedAt = DateTimeOffset.Now;
                return result;
            }
        }

        /// <summary>
        /// A body that names an event yet is not one event object (an array of events, an "event"
        /// that is an object, JSON cut short), taken because it is signed or because unsigned
        /// events are allowed: it is written as it came, never acknowledged and dropped. Its event is "unrecognised"; Payload holds the body's JSON as plain values
        /// (its text when it is not JSON), RawBody the body itself.
        /// </summary>
        internal static InboundEvent Unrecognised(byte[] body)
        {
            object? payload;
            try
            {
                using (var document = JsonDocument.Parse(Json(body)))
                {
                    payload = PlainJson.From(document.RootElement);
                }
            }
            catch (JsonException)
            {
                payload = Text(body);
            }

            return new UnknownEvent { Event = UnrecognisedName, Payload = payload, RawBody = Text(body), ReceivedAt = DateTimeOffset.Now };
        }

        /// <summary>The body as JSON bytes, past the byte-order mark some senders write first (JSON readers refuse it).</summary>
        private static ReadOnlyMemory<byte> Json(byte[] body) => new ReadOnlyMemory<byte>(body, Bom(body), body.Length - Bom(body));

        /// <summary>The body's text, without its byte-order mark.</summary>
        private static string Text(byte[] body) => Encoding.UTF8.GetString(body, Bom(body), body.Length - Bom(body));

        private static int Bom(byte[] body) => body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? 3 : 0;

        /// <summary>The event name of a signed body that is not one event object.</summary>
        internal const string UnrecognisedName = "unrecognised";

        /// <summary>A payload as its event's model; plain values for an unknown event or a payload that is not an object.</summary>
        internal static object? ReadPayload(string? name, JsonElement payload) =>
            name != null && Readers.ContainsKey(name) && payload.ValueKind == JsonValueKind.Object ? Create(name, payload).PayloadObject : PlainJson.From(payload);

        private static InboundEvent Create(string name, JsonElement? payload)
        {
            if (Readers.TryGetValue(name, out var read) && (payload is null || payload.Value.ValueKind == JsonValueKind.Object || payload.Value.ValueKind == JsonValueKind.Null))
            {
                var result = read(payload);
                result.Event = name;
                return result;
            }

            return new UnknownEvent { Event = name, Payload = payload is JsonElement element ? PlainJson.From(element) : null };
        }

        private static InboundEvent Typed<TEvent, TPayload>(JsonElement? payload)
            where TEvent : InboundEvent<TPayload>, new()
            where TPayload : class
        {
            Tolerance.Reset();
            return new TEvent { Payload = payload is JsonElement element && element.ValueKind == JsonValueKind.Object ? element.Deserialize(CallbellJson.Info<TPayload>()) : null };
        }

        private static string Preview(byte[] body)
        {
            if (body.Length == 0)
            {
                return " The body is empty.";
            }

            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120));
            return " It begins: " + text.Replace("\r", " ").Replace("\n", " ") + (body.Length > 120 ? "…" : string.Empty);
        }
    }
}
