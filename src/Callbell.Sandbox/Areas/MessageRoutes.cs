using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;
using Callbell.Sandbox.Webhooks;

namespace Callbell.Sandbox.Areas
{
    /// <summary>Sending, status (each read moves a message one step: enqueued → sent → delivered → read), delete.</summary>
    internal static class MessageRoutes
    {
        private static readonly string[] Types = { "text", "image", "document", "audio", "video" };
        private static readonly string[] Progression = { "enqueued", "sent", "delivered", "read" };

        public static void Register(RouteTable routes)
        {
            routes.Map("POST", "messages/send", Send);
            routes.Map("GET", "messages/status/{uuid}", Status);
            routes.Map("DELETE", "messages/{uuid}", call => Delete(call, call["uuid"]));
            routes.Alias("DELETE", "messages", call => Delete(call, Listing.Text(call.Body, "uuid")));
        }

        private static SandboxResponse Send(SandboxCall call)
        {
            var body = call.Body;
            if (body is null)
            {
                return SandboxResponse.Error(400, "The body must be a JSON object");
            }

            foreach (var required in new[] { "from", "type", "channel_uuid" })
            {
                if (string.IsNullOrEmpty(Listing.Text(body, required)))
                {
                    return SandboxResponse.Invalid(required, "must be present and not empty");
                }
            }

            var type = Listing.Text(body, "type")!;
            if (!Types.Contains(type))
            {
                return SandboxResponse.Invalid("type", "must be one of " + string.Join(", ", Types));
            }

            var to = Listing.Text(body, "to");
            var bsuid = Listing.Text(body, "bsuid");
            if (string.IsNullOrEmpty(to) && string.IsNullOrEmpty(bsuid))
            {
                return SandboxResponse.Invalid("to", "must be present when bsuid is not");
            }

            if (SandboxChannel.All.All(c => c.Uuid != Listing.Text(body, "channel_uuid")))
            {
                return SandboxResponse.Invalid("channel_uuid", "channel not found");
            }

            var template = Listing.Text(body, "template_uuid");
            var content = body["content"] as JsonObject;
            var values = body["template_values"] as JsonArray;
            // Required on every send, templates included: every reference example sends it.
            if (content is null)
            {
                return SandboxResponse.Invalid("content", "must be present");
            }

            if (template is null && type == "text" && string.IsNullOrEmpty(Listing.Text(content, "text")))
            {
                return SandboxResponse.Invalid("content", "text must be present for a text message");
            }

            if (type != "text" && string.IsNullOrEmpty(Listing.Text(content, "url")))
            {
                return SandboxResponse.Invalid("content", "url must be present for a " + type + (template is null ? " message" : " template"));
            }

            if (template != null)
            {
                lock (call.State)
                {
                    if (Listing.Find(call.State.Templates, "uuid", template) is null)
                    {
                        return SandboxResponse.Invalid("template_uuid", "template not found");
                    }
                }

                if (!(body["optin_contact"] is JsonValue optin && optin.TryGetValue<bool>(out var yes) && yes))
                {
                    return SandboxResponse.Invalid("optin_contact", "must be true for template messages");
                }

                if (call.State.WhatsAppCreditDepleted)
                {
                    return SandboxResponse.Error(402, "Your WhatsApp credit is depleted. Top up to send template messages.", "whatsapp_wallet_depleted_credit");
                }
            }

            var problem = CheckMetadata(body["metadata"]);
            if (problem != null)
            {
                return SandboxResponse.Invalid("metadata", problem);
            }

            var uuid = Guid.NewGuid().ToString("N");
            var message = new JsonObject
            {
                ["uuid"] = uuid,
                ["status"] = "enqueued",
                ["messageStatusPayload"] = null,
            };
            var contact = !string.IsNullOrEmpty(to) ? call.State.Contacts.ByRecipient(to!) : call.State.Contacts.ByBsuid(bsuid!);
            var fields = Listing.Text(body, "fields") ?? string.Empty;
            if (fields.Contains("contact") && contact != null)
            {
                message["contact"] = new JsonObject { ["uuid"] = contact.Uuid, ["name"] = contact.Name, ["phone"] = contact.PhoneNumber, ["email"] = null };
            }

            if (fields.Contains("conversation") && contact != null)
            {
                message["conversation"] = new JsonObject { ["source"] = contact.Source, ["href"] = "https://dashboard.callbell.eu/chat/" + contact.Uuid, ["createdAt"] = contact.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            }

            lock (call.State)
            {
                var sentMessage = call.State.Messages[uuid] = new SentMessage((JsonObject)body.DeepClone(), message);
                if (call.State.Options.MessageStatusPace > TimeSpan.Zero)
                {
                    var state = call.State;
                    _ = Task.Run(() => PaceAsync(state, uuid, sentMessage, state.Options.MessageStatusPace)).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                }

                if (contact != null)
                {
                    if (!call.State.History.TryGetValue(contact.Uuid, out var history))
                    {
                        call.State.History[contact.Uuid] = history = new List<JsonObject>();
                    }

                    history.Add(new JsonObject
                    {
                        ["uuid"] = uuid,
                        ["text"] = Listing.Text(content, "text") ?? Listing.Text(content, "url") ?? "(template)",
                        ["status"] = "sent",
                        ["channel"] = contact.Source,
                        ["from"] = "Sandbox Admin",
                        ["to"] = contact.PhoneNumber,
                        ["createdAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    });
                }

                call.State.Deliveries.Raise("message_created", new JsonObject
                {
                    ["to"] = contact?.PhoneNumber ?? to ?? bsuid,
                    ["from"] = "callbell-sandbox",
                    ["text"] = Listing.Text(content, "text") ?? string.Empty,
                    ["attachments"] = Listing.Text(content, "url") is string url ? new JsonArray(url) : new JsonArray(),
                    ["status"] = "sent",
                    ["channel"] = Listing.Text(body, "from"),
                    ["contact"] = contact is null ? null : WebhookDeliveries.Contact(contact),
                    ["createdAt"] = WebhookDeliveries.Date(DateTimeOffset.UtcNow),
                    ["metadata"] = body["metadata"]?.DeepClone(),
                });
                return Listing.One("message", message);
            }
        }

        /// <summary>At most 10 keys of at most 50 characters, string values of at most 500.</summary>
        private static string? CheckMetadata(JsonNode? metadata)
        {
            if (metadata is null)
            {
                return null;
            }

            if (!(metadata is JsonObject map))
            {
                return "must be an object";
            }

            if (map.Count > 10)
            {
                return "may have at most 10 keys";
            }

            foreach (var pair in map)
            {
                if (pair.Key.Length > 50)
                {
                    return "keys may be at most 50 characters";
                }

                if (!(pair.Value is JsonValue value) || !value.TryGetValue<string>(out var text) || text.Length > 500)
                {
                    return "values must be strings of at most 500 characters";
                }
            }

            return null;
        }

        private static bool Moves(JsonObject message) => (string?)message["status"] is string status && status != "deleted" && status != "failed" && status != "read";

        /// <summary>Under the state's lock: the message reaches step <paramref name="step"/> of the progression (if it is further on), and a listener hears of it.</summary>
        private static void MoveOn(SandboxState state, string uuid, SentMessage sent, int step)
        {
            var current = (string?)sent.Body["status"];
            step = Math.Max(Math.Min(step, Progression.Length - 1), Array.IndexOf(Progression, current));
            if (current == Progression[step])
            {
                return;
            }

            sent.Body["status"] = Progression[step];
            sent.Body["messageStatusPayload"] = new JsonObject { ["status"] = Progression[step], ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
            var to = Listing.Text(sent.Request, "to");
            var contact = to is null ? null : state.Contacts.ByRecipient(to);
            state.Deliveries.Raise("message_status_updated", new JsonObject
            {
                ["uuid"] = uuid,
                ["status"] = Progression[step],
                ["contact"] = contact is null ? null : WebhookDeliveries.Contact(contact),
                ["metadata"] = sent.Request["metadata"]?.DeepClone(),
                ["messageStatusPayload"] = sent.Body["messageStatusPayload"]!.DeepClone(),
            });
        }

        /// <summary>With a pace set: the message moves on by itself, a step each pace, until it is read (or deleted).</summary>
        private static async Task PaceAsync(SandboxState state, string uuid, SentMessage sent, TimeSpan pace)
        {
            for (var step = 1; step < Progression.Length; step++)
            {
                await Task.Delay(pace, state.Stopping).ConfigureAwait(false);
                lock (state)
                {
                    if (!Moves(sent.Body))
                    {
                        return;
                    }

                    MoveOn(state, uuid, sent, step);
                }
            }
        }

        private static SandboxResponse Status(SandboxCall call)
        {
            lock (call.State)
            {
                if (!call.State.Messages.TryGetValue(call["uuid"], out var sent))
                {
                    return SandboxResponse.Error(404, "Message not found");
                }

                if (Moves(sent.Body))
                {
                    sent.Reads++;
                    MoveOn(call.State, call["uuid"], sent, sent.Reads);
                }

                return Listing.One("message", sent.Body);
            }
        }

        private static SandboxResponse Delete(SandboxCall call, string? uuid)
        {
            lock (call.State)
            {
                if (uuid is null || !call.State.Messages.TryGetValue(uuid, out var sent))
                {
                    return SandboxResponse.Error(404, "Message not found");
                }

                sent.Body["status"] = "deleted";
                return SandboxResponse.Empty(204);
            }
        }
    }
}
