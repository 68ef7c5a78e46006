using System;
using System.Globalization;
using System.Text.Json;

namespace Callbell.Sandbox.Data
{
    /// <summary>
    /// Writes contacts the way the reference shows them, quirks included: three date spellings,
    /// custom field values of mixed types, and (optionally) a field the client does not know.
    /// </summary>
    public static class ContactJsonWriter
    {
        public static void Write(Utf8JsonWriter w, SandboxContact c, bool includeFieldTypes, bool unknownFields)
        {
            w.WriteStartObject();
            w.WriteString("uuid", c.Uuid);
            w.WriteString("name", c.Name);
            w.WriteString("phoneNumber", c.PhoneNumber);
            w.WriteString("avatarUrl", "https://avatars.sandbox.callbell.local/" + c.Uuid + ".png");
            w.WriteNull("blockedAt");
            w.WriteString("createdAt", FormatDate(c.CreatedAt, c.DateStyle));
            w.WriteString("source", c.Source);
            WriteNullable(w, "funnelId", c.FunnelId);
            if (c.ClosedAt.HasValue)
            {
                w.WriteString("closedAt", FormatDate(c.ClosedAt.Value, c.DateStyle));
            }
            else
            {
                w.WriteNull("closedAt");
            }

            w.WriteString("href", "https://dashboard.callbell.eu/contacts/" + c.Uuid);
            w.WriteString("conversationHref", "https://dashboard.callbell.eu/chat/" + c.Uuid);
            w.WriteStartArray("tags");
            foreach (var tag in c.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            WriteNullable(w, "assignedUser", c.AssignedUser);
            w.WriteStartObject("customFields");
            foreach (var field in c.CustomFields)
            {
                switch (field.Value)
                {
                    case decimal number:
                        w.WriteNumber(field.Key, number);
                        break;
                    case string[] values:
                        // A documented quirk: checkbox values come back as a JSON-encoded string.
                        w.WriteString(field.Key, JsonSerializer.Serialize(values));
                        break;
                    default:
                        w.WriteString(field.Key, Convert.ToString(field.Value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            w.WriteEndObject();
            if (includeFieldTypes)
            {
                WriteMetadata(w, c);
            }

            if (c.Team != null)
            {
                w.WriteStartObject("team");
                w.WriteString("uuid", c.Team.Uuid);
                w.WriteString("name", c.Team.Name);
                w.WriteString("createdAt", "2023-05-02 09:15:00 +0200");
                w.WriteBoolean("default", c.Team.Default);
                w.WriteNumber("members", 3);
                w.WriteEndObject();
            }
            else
            {
                // The reference shows a contact without a team as "team": {}.
                w.WriteStartObject("team");
                w.WriteEndObject();
            }

            w.WriteStartObject("channel");
            w.WriteString("uuid", c.Channel.Uuid);
            w.WriteString("title", c.Channel.Title);
            w.WriteString("type", c.Channel.Type);
            w.WriteBoolean("main", true);
            w.WriteBoolean("discardedAt", false);
            w.WriteEndObject();
            WriteNullable(w, "bsuid", c.Bsuid);
            WriteNullable(w, "note", c.Note);
            if (unknownFields)
            {
                w.WriteString("lifecycleStage", c.Index % 2 == 0 ? "lead" : "customer");
            }

            w.WriteEndObject();
        }

        /// <summary>One contact as a JSON node, for single-object answers.</summary>
        public static System.Text.Json.Nodes.JsonNode ToNode(SandboxContact c, bool includeFieldTypes, bool unknownFields)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                Write(writer, c, includeFieldTypes, unknownFields);
            }

            return System.Text.Json.Nodes.JsonNode.Parse(stream.ToArray())!;
        }

        public static string FormatDate(DateTimeOffset date, int style)
        {
            switch (style)
            {
                case 0:
                    return date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case 1:
                    return date.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                default:
                    return date.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd HH:mm:ss ", CultureInfo.InvariantCulture) + "+0100";
            }
        }

        private static void WriteMetadata(Utf8JsonWriter w, SandboxContact c)
        {
            w.WriteStartObject("customFieldsMetadata");
            foreach (var field in c.CustomFields)
            {
                var definition = SandboxFields.All.TryGetValue(field.Key, out var known) ? known : ("text", null);
                w.WriteStartObject(field.Key);
                w.WritePropertyName("value");
                switch (field.Value)
                {
                    case decimal number:
                        w.WriteNumberValue(number);
                        break;
                    case string[] values:
                        WriteArray(w, values);
                        break;
                    default:
                        w.WriteStringValue(Convert.ToString(field.Value, CultureInfo.InvariantCulture));
                        break;
                }

                w.WriteString("type", definition.Type);
                if (definition.Options != null)
                {
                    WriteStrings(w, "options", definition.Options);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        private static void WriteArray(Utf8JsonWriter w, string[] values)
        {
            w.WriteStartArray();
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        }

        private static void WriteStrings(Utf8JsonWriter w, string name, string[] values)
        {
            w.WritePropertyName(name);
            WriteArray(w, values);
        }

        private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }
}
