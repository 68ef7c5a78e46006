using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace Callbell.Sandbox.Data
{
    /// <summary>The account the sandbox starts with, in the reference's field names and quirks.</summary>
    internal static class SeedData
    {
        public const string FunnelLeads = "0d6041a2-8b88-49ec-a99b-a88a078a16c1";

        public static List<JsonObject> Channels()
        {
            var channels = SandboxChannel.All.Select(c => new JsonObject
            {
                ["uuid"] = c.Uuid,
                ["title"] = c.Title,
                ["type"] = c.Type,
                ["main"] = true,
                ["discardedAt"] = false, // typed as a date, shown as a boolean
            }).ToList();
            channels.Add(new JsonObject
            {
                ["uuid"] = "f5e6a7b8c9d0e1f2a3b4c5d6e7f80912",
                ["title"] = "WhatsApp Italy (old number)",
                ["type"] = "whatsapp",
                ["main"] = false,
                ["discardedAt"] = "2025-06-01T10:00:00Z",
            });
            return channels;
        }

        public static List<JsonObject> Teams() => SandboxTeam.All.Select(t => new JsonObject
        {
            ["uuid"] = t.Uuid,
            ["name"] = t.Name,
            ["createdAt"] = "2023-05-02 09:15:00 +0200",
            ["default"] = t.Default,
            ["members"] = 3,
        }).ToList();

        public static Dictionary<string, List<JsonObject>> Members()
        {
            var members = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
            var names = new[] { "Anna Rossi", "Marco Bianchi", "Li Wei" };
            for (var t = 0; t < SandboxTeam.All.Length; t++)
            {
                members[SandboxTeam.All[t].Uuid] = Enumerable.Range(0, 3).Select(i => new JsonObject
                {
                    ["email"] = ContactGenerator.Agents[i],
                    ["name"] = names[i],
                    ["available"] = (i + t) % 2 == 0,
                    ["lastUpdatedAt"] = "2026-09-0" + (i + 1).ToString(CultureInfo.InvariantCulture) + "T08:30:00Z",
                    ["userCustomStatus"] = i == 2
                        ? new JsonObject { ["id"] = "3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10", ["name"] = "In a meeting", ["emoji"] = "📅", ["updatedAt"] = "2026-09-03T09:00:00Z" }
                        : null,
                }).ToList();
            }

            return members;
        }

        public static List<JsonObject> Templates()
        {
            var statuses = new[] { "approved", "approved", "pending", "rejected", "approved", "paused" };
            var types = new[] { "text", "text", "image", "document", "video", "text" };
            var titles = new[] { "Appointment reminder", "Order shipped", "Spring promotion", "Invoice", "Product video", "Feedback request" };
            return Enumerable.Range(0, titles.Length).Select(i => new JsonObject
            {
                ["uuid"] = "7e" + i.ToString("x2", CultureInfo.InvariantCulture) + "a1b2c3d4e5f60718293a4b5c6d7e8",
                ["title"] = titles[i],
                ["text"] = i == 0 ? "Hello {{1}}, your appointment is on {{2}} at {{3}}." : "Hello {{1}}, " + titles[i].ToLowerInvariant() + ".",
                ["templateType"] = types[i],
                ["category"] = i == 2 || i == 4 ? "MARKETING" : "UTILITY",
                ["status"] = statuses[i],
                ["createdAt"] = "2026-0" + (i + 1).ToString(CultureInfo.InvariantCulture) + "-15T12:00:00.000+01:00",
            }).ToList();
        }

        public static List<JsonObject> Funnels()
        {
            var names = new[] { ("New leads", "🌱"), ("Qualified", "✅"), ("Won", "🏆") };
            var ids = new[] { FunnelLeads, "5f2b6c1d-3e4a-4b8c-9d0e-1f2a3b4c5d6e", "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d" };
            return Enumerable.Range(0, names.Length).Select(i => new JsonObject
            {
                ["uuid"] = ids[i],
                ["name"] = names[i].Item1,
                ["emoji"] = names[i].Item2,
                ["position"] = i + 1,
                ["createdAt"] = "2024-02-0" + (i + 1).ToString(CultureInfo.InvariantCulture) + "T10:00:00Z",
            }).ToList();
        }

        public static List<JsonObject> CustomStatuses() => new List<JsonObject>
        {
            CustomStatus("3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10", "In a meeting", "📅"),
            CustomStatus("8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b", "Lunch break", "🍝"),
        };

        public static JsonObject CustomStatus(string id, string name, string emoji) => new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["emoji"] = emoji,
            ["createdAt"] = "2026-01-10T09:00:00Z",
            ["updatedAt"] = "2026-01-10T09:00:00Z",
        };

        public static Dictionary<string, JsonObject> Users() => new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["a1b2c3d4e5f60718293a4b5c6d7e8f01"] = UserStatus(null, true),
            ["b2c3d4e5f60718293a4b5c6d7e8f0a12"] = UserStatus(null, false),
        };

        public static JsonObject UserStatus(JsonObject? customStatus, bool available) => new JsonObject
        {
            ["custom_status"] = customStatus,
            ["appearance"] = new JsonObject { ["available"] = available, ["last_updated_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };

        public static List<JsonObject> WebhookEvents(int count)
        {
            var names = new[] { "message_created", "message_status_updated", "contact_created", "conversation_closed" };
            var start = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);
            return Enumerable.Range(0, count).Select(i => new JsonObject
            {
                ["event"] = names[i % names.Length],
                ["payload"] = EventPayload(names[i % names.Length], i, start.AddMinutes(i)),
                ["response"] = new JsonObject { ["body"] = i % 7 == 3 ? "Bad Gateway" : "{\"status\":\"ok\"}", ["code"] = i % 7 == 3 ? 502 : 200, ["headers"] = new JsonObject { ["content-type"] = "application/json" } },
                ["success"] = i % 7 != 3,
                ["createdAt"] = Date(start.AddMinutes(i)),
            }).ToList();
        }

        /// <summary>A payload shaped like the reference's example for each event the log holds.</summary>
        private static JsonObject EventPayload(string name, int i, DateTimeOffset at)
        {
            var uuid = ContactGenerator.UuidFor(i);
            var contact = new JsonObject { ["uuid"] = uuid, ["name"] = "Contact " + i.ToString(CultureInfo.InvariantCulture), ["phoneNumber"] = "+39333" + i.ToString("D7", CultureInfo.InvariantCulture), ["source"] = "whatsapp" };
            switch (name)
            {
                case "message_created":
                    return new JsonObject { ["to"] = "390212345678", ["from"] = (string?)contact["phoneNumber"], ["text"] = "Event " + i.ToString(CultureInfo.InvariantCulture), ["status"] = "received", ["channel"] = "whatsapp", ["contact"] = contact, ["createdAt"] = Date(at) };
                case "message_status_updated":
                    return new JsonObject { ["uuid"] = ContactGenerator.UuidFor(i + 1_000_000), ["status"] = "delivered", ["contact"] = contact };
                case "conversation_closed":
                    return new JsonObject { ["source"] = "whatsapp", ["href"] = "https://dash.callbell.eu/chat/" + uuid, ["contact"] = contact, ["createdAt"] = Date(at.AddHours(-1)), ["closedAt"] = Date(at), ["closingReason"] = "Resolved" };
                default:
                    contact["createdAt"] = Date(at);
                    return contact;
            }
        }

        private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
