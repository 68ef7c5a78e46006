using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Routing;
using Callbell.Sandbox.Webhooks;

namespace Callbell.Sandbox.Areas
{
    /// <summary>Contacts: list (pages up to 500, cursors beyond), lookups, create, update, delete.</summary>
    internal static class ContactRoutes
    {
        public const int MaxPage = 500;

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static void Register(RouteTable routes)
        {
            routes.Map("GET", "contacts", List);
            routes.Map("GET", "contacts/{uuid}", call => One(call, call.State.Contacts.ByUuid(call["uuid"]), wrapped: true));
            routes.Map("GET", "contacts/phone/{number}", call => One(call, call.State.Contacts.LookUpPhone(call["number"], call.Query("channel_uuid") ?? SandboxChannel.All[0].Uuid), wrapped: false));
            routes.Map("GET", "contacts/bsuid/{bsuid}", call => One(call, call.State.Contacts.ByBsuid(call["bsuid"]), wrapped: false));
            routes.Map("POST", "contacts", Create);
            routes.Map("PATCH", "contacts/{uuid}", Update);
            routes.Map("DELETE", "contacts/{uuid}", Delete);
        }

        public static SandboxResponse NotFound() => SandboxResponse.Error(404, "Contact not found");

        /// <summary>The contact as a single-object answer; the reference wraps it in an array on some endpoints.</summary>
        public static SandboxResponse One(SandboxCall call, SandboxContact? contact, bool wrapped)
        {
            if (contact is null)
            {
                return NotFound();
            }

            var node = ContactJsonWriter.ToNode(contact, call.Query("include_field_types") == "true", call.State.Options.UnknownFields);
            return Listing.One("contact", node, wrapped);
        }

        private static SandboxResponse List(SandboxCall call)
        {
            var state = call.State;
            var filter = ContactFilter.From(call.Request.Query);
            var size = state.Options.PageSize;
            var after = call.Query("after");
            List<SandboxContact> items;
            int? page = null;
            int? pages = null;
            string? next;
            if (after != null)
            {
                // page is ignored when after is set.
                if (!ContactStore.TryReadCursor(after, out var from, out var limit))
                {
                    return SandboxResponse.Error(400, "Invalid pagination cursor");
                }

                var batch = state.Contacts.Batch(filter, from, limit, size);
                items = batch.Items;
                next = batch.Next >= 0 ? ContactStore.Cursor(batch.Next, limit) : null;
            }
            else
            {
                page = call.Page ?? 1;
                if (page < 1)
                {
                    return SandboxResponse.Invalid("page", "must be a positive number");
                }

                if (page > MaxPage && state.Options.Cursors)
                {
                    return SandboxResponse.Error(400, "Pagination limit exceeded");
                }

                var result = state.Contacts.Page(filter, page.Value, size);
                items = result.Items;
                pages = result.Pages;
                next = state.Options.Cursors && page < pages && items.Count > 0 ? ContactStore.Cursor(items[items.Count - 1].Index + 1, state.Contacts.Count) : null;
            }

            var includeTypes = call.Query("include_field_types") == "true";
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, WriterOptions))
            {
                w.WriteStartObject();
                w.WriteStartArray("contacts");
                foreach (var contact in items)
                {
                    ContactJsonWriter.Write(w, contact, includeTypes, state.Options.UnknownFields);
                }

                w.WriteEndArray();

                // Servers before August 2026 sent no meta for contacts at all.
                if (state.Options.Cursors)
                {
                    w.WriteStartObject("meta");
                    if (page.HasValue)
                    {
                        w.WriteNumber("page", page.Value);
                        w.WriteNumber("pages", pages!.Value);
                    }

                    if (next is null)
                    {
                        w.WriteNull("next");
                    }
                    else
                    {
                        w.WriteString("next", next);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            return new SandboxResponse(200, stream.ToArray());
        }

        private static SandboxResponse Create(SandboxCall call)
        {
            var body = call.Body;
            if (body is null)
            {
                return SandboxResponse.Error(400, "The body must be a JSON object");
            }

            foreach (var required in new[] { "identifier", "source", "name" })
            {
                if (string.IsNullOrWhiteSpace(Listing.Text(body, required)))
                {
                    return SandboxResponse.Invalid(required, "must be present and not empty");
                }
            }

            var problem = Check(call.State, body);
            if (problem != null)
            {
                return problem;
            }

            var contact = call.State.Contacts.Create(c =>
            {
                c.PhoneNumber = Listing.Text(body, "identifier")!;
                c.Source = Listing.Text(body, "source")!;
                c.Name = Listing.Text(body, "name")!;
                c.Channel = SandboxChannel.All.FirstOrDefault(ch => ch.Type == c.Source) ?? SandboxChannel.All[0];
                Apply(c, body);
            });
            call.State.Deliveries.Raise("contact_created", WebhookDeliveries.Contact(contact));
            return One(call, contact, wrapped: true);
        }

        private static SandboxResponse Delete(SandboxCall call)
        {
            if (!call.State.Contacts.Delete(call["uuid"]))
            {
                return NotFound();
            }

            call.State.Deliveries.Raise("contact_deleted", new JsonObject { ["uuid"] = call["uuid"], ["deleted"] = WebhookDeliveries.Date(DateTimeOffset.UtcNow) });
            return SandboxResponse.Ok(new JsonObject { ["status"] = "contact was destroyed" });
        }

        private static SandboxResponse Update(SandboxCall call)
        {
            var body = call.Body;
            if (body is null)
            {
                return SandboxResponse.Error(400, "The body must be a JSON object");
            }

            if (body.ContainsKey("phone_number") || body.ContainsKey("identifier"))
            {
                return SandboxResponse.Invalid(body.ContainsKey("identifier") ? "identifier" : "phone_number", "cannot be changed");
            }

            var problem = Check(call.State, body);
            if (problem != null)
            {
                return problem;
            }

            var contact = call.State.Contacts.Update(call["uuid"], c => Apply(c, body));
            if (contact != null)
            {
                call.State.Deliveries.Raise("contact_updated", WebhookDeliveries.Contact(contact));
            }

            return One(call, contact, wrapped: true);
        }

        /// <summary>The documented rules of a contact write: tags, fields, user and team must exist; note at most 1,000.</summary>
        private static SandboxResponse? Check(SandboxState state, JsonObject body)
        {
            if (body.TryGetPropertyValue("tags", out var tags))
            {
                if (!(tags is JsonArray list) || list.Any(t => !(t is JsonValue v) || !v.TryGetValue<string>(out _)))
                {
                    return SandboxResponse.Invalid("tags", "must be an array of strings");
                }

                var unknown = list.Select(t => (string)t!).FirstOrDefault(t => !ContactGenerator.TagNames.Contains(t, StringComparer.OrdinalIgnoreCase));
                if (unknown != null)
                {
                    return SandboxResponse.Invalid("tags", "tag '" + unknown + "' does not exist");
                }
            }

            if (body.TryGetPropertyValue("custom_fields", out var fields))
            {
                if (!(fields is JsonObject map))
                {
                    return SandboxResponse.Invalid("custom_fields", "must be an object");
                }

                foreach (var field in map)
                {
                    var problem = CheckField(field.Key, field.Value);
                    if (problem != null)
                    {
                        return SandboxResponse.Invalid("custom_fields", problem);
                    }
                }
            }

            var user = Listing.Text(body, "assigned_user");
            if (body.ContainsKey("assigned_user") && (user is null || !ContactGenerator.Agents.Contains(user)))
            {
                return SandboxResponse.Invalid("assigned_user", "must be the e-mail of a user of the account");
            }

            var team = Listing.Text(body, "team_uuid");
            if (body.ContainsKey("team_uuid") && (team is null || SandboxTeam.All.All(t => t.Uuid != team)))
            {
                return SandboxResponse.Invalid("team_uuid", "team not found");
            }

            var channel = Listing.Text(body, "channel_uuid");
            if (body.ContainsKey("channel_uuid") && (channel is null || SandboxChannel.All.All(c => c.Uuid != channel)))
            {
                return SandboxResponse.Invalid("channel_uuid", "channel not found");
            }

            var bot = Listing.Text(body, "bot_status");
            if (body.ContainsKey("bot_status") && bot != "bot_start" && bot != "bot_end")
            {
                return SandboxResponse.Invalid("bot_status", "must be bot_start or bot_end");
            }

            var note = Listing.Text(body, "note");
            if (body.ContainsKey("note") && (note is null || note.Length > 1000))
            {
                return SandboxResponse.Invalid("note", "must be text of at most 1000 characters");
            }

            if (body.ContainsKey("unassign_user") && !(body["unassign_user"] is JsonValue flag && flag.TryGetValue<bool>(out var yes) && yes))
            {
                return SandboxResponse.Invalid("unassign_user", "must be true");
            }

            return null;
        }

        /// <summary>Writes are type-checked: number as a string ("42"), date "2026-03-03", dropdown one option, checkbox a string array.</summary>
        private static string? CheckField(string name, JsonNode? value)
        {
            if (!SandboxFields.All.TryGetValue(name, out var definition))
            {
                return "custom field '" + name + "' does not exist";
            }

            if (definition.Type == "checkbox")
            {
                if (!(value is JsonArray items) || items.Any(i => !(i is JsonValue v) || !v.TryGetValue<string>(out var text) || !definition.Options!.Contains(text)))
                {
                    return name + " must be an array of: " + string.Join(", ", definition.Options!);
                }

                return null;
            }

            if (!(value is JsonValue scalar) || !scalar.TryGetValue<string>(out var s))
            {
                return name + " must be a string";
            }

            switch (definition.Type)
            {
                // Type-checked as the API does: an empty string is no number, date, option or address.
                case "number" when !decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                    return name + " must be a number written as a string, like \"42\"";
                case "date" when !DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    return name + " must be a date like 2026-03-03";
                case "dropdown" when !definition.Options!.Contains(s):
                    return name + " must be one of: " + string.Join(", ", definition.Options!);
                case "email" when !s.Contains("@"):
                    return name + " must be an e-mail address";
                default:
                    return null;
            }
        }

        private static void Apply(SandboxContact c, JsonObject body)
        {
            foreach (var field in body)
            {
                switch (field.Key)
                {
                    case "name":
                        c.Name = (string?)field.Value ?? c.Name;
                        break;
                    case "tags":
                        c.Tags = ((JsonArray)field.Value!).Select(t => ((string)t!).ToLowerInvariant()).Distinct().ToList();
                        break;
                    case "custom_fields":
                        foreach (var value in (JsonObject)field.Value!)
                        {
                            var type = SandboxFields.All[value.Key].Type;
                            if (value.Value is JsonArray items)
                            {
                                c.CustomFields[value.Key] = items.Select(i => (string)i!).ToArray();
                            }
                            else if ((string?)value.Value is string text && text.Length == 0)
                            {
                                c.CustomFields.Remove(value.Key);
                            }
                            else
                            {
                                c.CustomFields[value.Key] = type == "number" ? decimal.Parse((string)value.Value!, CultureInfo.InvariantCulture) : (object)(string)value.Value!;
                            }
                        }

                        break;
                    case "assigned_user":
                        c.AssignedUser = (string?)field.Value;
                        break;
                    case "unassign_user":
                        c.AssignedUser = null;
                        break;
                    case "team_uuid":
                        c.Team = SandboxTeam.All.First(t => t.Uuid == (string?)field.Value);
                        break;
                    case "channel_uuid":
                        c.Channel = SandboxChannel.All.First(ch => ch.Uuid == (string?)field.Value);
                        break;
                    case "bot_status":
                        c.BotStatus = (string?)field.Value;
                        break;
                    case "note":
                        var note = (string?)field.Value;
                        c.Note = string.IsNullOrEmpty(note) ? null : note;
                        break;
                }
            }
        }
    }
}
