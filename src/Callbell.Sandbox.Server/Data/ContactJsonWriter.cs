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
            w.WriteString("Plan", c.Plan);
            w.WriteNumber("Seats", c.Seats);
            if (c.Interests != null)
            {
                WriteStrings(w, "Interests", c.Interests);
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
                w.WriteNull("team");
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
            w.WriteStartObject("Plan");
            w.WriteString("value", c.Plan);
            w.WriteString("type", "dropdown");
            WriteStrings(w, "options", ContactGenerator.Plans);
            w.WriteEndObject();
            w.WriteStartObject("Seats");
            w.WriteNumber("value", c.Seats);
            w.WriteString("type", "number");
            w.WriteEndObject();
            if (c.Interests != null)
            {
                w.WriteStartObject("Interests");
                WriteStrings(w, "value", c.Interests);
                w.WriteString("type", "checkbox");
                WriteStrings(w, "options", ContactGenerator.InterestOptions);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        private static void WriteStrings(Utf8JsonWriter w, string name, string[] values)
        {
            w.WriteStartArray(name);
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
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
