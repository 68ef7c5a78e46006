using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;
using Callbell.Sandbox.Webhooks;

namespace Callbell.Sandbox.Areas
{
    /// <summary>A contact's conversation: message history, open, close, notes, funnel; and its bot.</summary>
    internal static class ConversationRoutes
    {
        /// <summary>Generated history per contact: 45 messages, newest first (three pages of 20).</summary>
        public const int GeneratedMessages = 45;

        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "contacts/{uuid}/messages", Messages);
            routes.Map("POST", "contacts/{uuid}/conversation/close", call => Change(call, c => c.ClosedAt = DateTimeOffset.UtcNow, wrapped: false, raise: "conversation_closed"));
            routes.Map("POST", "contacts/{uuid}/conversation/open", call => Change(call, c => c.ClosedAt = null, wrapped: true, raise: "conversation_opened"));
            routes.Map("POST", "contacts/{uuid}/conversation/note", Note);
            routes.Map("PUT", "contacts/{uuid}/conversation/update_funnel", UpdateFunnel);
            routes.Alias("POST", "contacts/{uuid}/messages/update_funnel", UpdateFunnel);
            routes.Map("GET", "contacts/{uuid}/bot", call => Bot(call, call.State.Contacts.ByUuid(call["uuid"])));
            routes.Map("POST", "contacts/{uuid}/bot", SetBot);
        }

        private static SandboxResponse Messages(SandboxCall call)
        {
            var contact = call.State.Contacts.ByUuid(call["uuid"]);
            if (contact is null)
            {
                return ContactRoutes.NotFound();
            }

            var history = new List<JsonObject>();
            lock (call.State)
            {
                if (call.State.History.TryGetValue(contact.Uuid, out var sent))
                {
                    history.AddRange(Enumerable.Reverse(sent));
                }
            }

            for (var i = 0; i < GeneratedMessages; i++)
            {
                var received = i % 2 == 0;
                var message = new JsonObject
                {
                    ["uuid"] = i == 7 ? null : ContactGenerator.UuidFor(1_000_000 + i),
                    ["text"] = i == 7 ? "Conversation assigned to Anna" : (received ? "Question " : "Answer ") + (GeneratedMessages - i).ToString(CultureInfo.InvariantCulture),
                    ["status"] = i == 7 ? "note" : received ? "received" : "sent",
                    ["channel"] = contact.Source,
                    ["from"] = received ? contact.PhoneNumber : "Sandbox Admin",
                    ["to"] = received ? "Sandbox Admin" : contact.PhoneNumber,
                    ["createdAt"] = contact.CreatedAt.AddHours(GeneratedMessages - i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                };
                if (i == 7)
                {
                    message.Remove("uuid");
                }

                history.Add(message);
            }

            return Listing.Page(call, history, "messages");
        }

        /// <summary>Opens or closes the conversation, and raises its event.</summary>
        private static SandboxResponse Change(SandboxCall call, Action<SandboxContact> change, bool wrapped, string raise)
        {
            var contact = call.State.Contacts.Update(call["uuid"], change);
            if (contact != null)
            {
                var payload = new JsonObject
                {
                    ["source"] = contact.Source,
                    ["href"] = "https://dash.callbell.eu/chat/" + contact.Uuid,
                    ["contact"] = WebhookDeliveries.Contact(contact),
                    ["createdAt"] = WebhookDeliveries.Date(contact.CreatedAt),
                };
                if (contact.ClosedAt is DateTimeOffset closed)
                {
                    payload["closedAt"] = WebhookDeliveries.Date(closed);
                    payload["closingReason"] = "Closed through the API";
                }

                call.State.Deliveries.Raise(raise, payload);
            }

            return ContactRoutes.One(call, contact, wrapped);
        }

        private static SandboxResponse Note(SandboxCall call)
        {
            var text = Listing.Text(call.Body, "text");
            if (string.IsNullOrWhiteSpace(text))
            {
                return SandboxResponse.Invalid("text", "must be present and not empty");
            }

            if (call.State.Contacts.ByUuid(call["uuid"]) is null)
            {
                return ContactRoutes.NotFound();
            }

            lock (call.State)
            {
                if (!call.State.Notes.TryGetValue(call["uuid"], out var notes))
                {
                    call.State.Notes[call["uuid"]] = notes = new List<string>();
                }

                notes.Add(text!);
            }

            return SandboxResponse.Ok(new JsonObject { ["success"] = true });
        }

        private static SandboxResponse UpdateFunnel(SandboxCall call)
        {
            var funnel = Listing.Text(call.Body, "funnel_id");
            if (string.IsNullOrEmpty(funnel))
            {
                return SandboxResponse.Invalid("funnel_id", "must be present and not empty");
            }

            lock (call.State)
            {
                if (Listing.Find(call.State.Funnels, "uuid", funnel!) is null)
                {
                    return SandboxResponse.Invalid("funnel_id", "funnel not found");
                }
            }

            return ContactRoutes.One(call, call.State.Contacts.Update(call["uuid"], c => c.FunnelId = funnel), wrapped: true);
        }

        private static SandboxResponse Bot(SandboxCall call, SandboxContact? contact)
        {
            if (contact is null)
            {
                return ContactRoutes.NotFound();
            }

            var status = contact.BotStatus == "bot_start" ? "started" : contact.BotStatus == "bot_end" ? "ended" : "in_progress";
            return SandboxResponse.Ok(new JsonObject
            {
                ["bot"] = new JsonObject
                {
                    ["uuid"] = "0b0c0d0e0f101112131415161718191a",
                    ["name"] = "Welcome bot",
                    ["status"] = status,
                    ["conversationStartedAt"] = contact.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["version"] = 3,
                    ["latestBotVersion"] = true, // a boolean in the reference: whether the bot runs its latest version
                },
            });
        }

        private static SandboxResponse SetBot(SandboxCall call)
        {
            var status = Listing.Text(call.Body, "status");
            if (status != "bot_start" && status != "bot_end")
            {
                return SandboxResponse.Invalid("status", "must be bot_start or bot_end");
            }

            return Bot(call, call.State.Contacts.Update(call["uuid"], c => c.BotStatus = status));
        }
    }
}
