using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Callbell.Http;

namespace Callbell.Contacts
{
    /// <summary>
    /// The fields of a contact to create or change. A property left null is not sent (PATCH keeps
    /// the server's value); an empty note clears it; <see cref="Tags"/> replaces the whole set
    /// (an empty list clears it); <see cref="UnassignUser"/> removes the assigned agent. Every
    /// value is checked before any request, naming the parameter.
    /// </summary>
    public sealed class ContactChanges
    {
        public const int MaxNoteLength = 1000;

        public string? Name { get; set; }

        public IList<string>? Tags { get; set; }

        /// <summary>Field name → value: text, a number, a date, or (checkbox) a list of options.</summary>
        public IDictionary<string, object?>? CustomFields { get; set; }

        /// <summary>The e-mail of the agent to assign.</summary>
        public string? AssignedUser { get; set; }

        public bool UnassignUser { get; set; }

        public string? TeamUuid { get; set; }

        /// <summary>Only on create: the channel the contact belongs to.</summary>
        public string? ChannelUuid { get; set; }

        /// <summary>bot_start or bot_end.</summary>
        public string? BotStatus { get; set; }

        /// <summary>At most 1,000 characters; "" clears it.</summary>
        public string? Note { get; set; }

        /// <summary>Field name → declared type (text, email, number, date, dropdown, checkbox), when known: values are converted and checked by it.</summary>
        public IDictionary<string, string>? FieldTypes { get; set; }

        public bool IsEmpty => Body().Count == 0;

        /// <summary>The PATCH/POST body, with the API's snake_case keys; throws on invalid values.</summary>
        public JsonBody Body()
        {
            if (AssignedUser != null && UnassignUser)
            {
                throw CallbellException.InvalidArgument("UnassignUser", "-AssignedUser and -UnassignUser cannot be used together.", "Use one: assign an agent, or unassign.");
            }

            return new JsonBody()
                .Set("name", Name is null ? null : Text.Require(Name, "Name", 200))
                .Set("tags", Tags is null ? null : CheckTags(Tags))
                .Set("custom_fields", CustomFields is null ? null : ConvertFields(CustomFields, FieldTypes))
                .Set("assigned_user", AssignedUser is null ? null : CheckEmail(AssignedUser, "AssignedUser"))
                .Set("unassign_user", UnassignUser ? (object)true : null)
                .Set("team_uuid", TeamUuid is null ? null : Identifier.Validate(TeamUuid, "TeamUuid"))
                .Set("channel_uuid", ChannelUuid is null ? null : Identifier.Validate(ChannelUuid, "ChannelUuid"))
                .Set("bot_status", BotStatus is null ? null : CheckBotStatus(BotStatus))
                .Set("note", Note is null ? null : CheckNote(Note));
        }

        public static string[] CheckTags(IEnumerable<string> tags)
        {
            var list = new List<string>();
            foreach (var tag in tags)
            {
                var text = tag?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    throw CallbellException.InvalidArgument("Tag", "A tag is empty.", "Remove the empty value, e.g. -Tag lead,vip.");
                }

                // A comma would split the tag in the comma-separated filter; the reference states no length limit.
                if (text!.Contains(",") || text.Any(char.IsControl))
                {
                    throw CallbellException.InvalidArgument("Tag", "Tag '" + Identifier.Printable(text) + "' contains a comma or a control character.", "Pass several tags as an array: -Tag lead,vip.");
                }

                if (!list.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    list.Add(text);
                }
            }

            return list.ToArray();
        }

        public static string CheckEmail(string email, string parameterName)
        {
            var text = email.Trim();
            var at = text.IndexOf('@');
            if (at < 1 || at != text.LastIndexOf('@') || at == text.Length - 1 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !text.Substring(at + 1).Contains("."))
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " '" + Identifier.Printable(text) + "' is not an e-mail address.", "Pass the agent's e-mail, e.g. anna@example.com.");
            }

            return text;
        }

        private static string CheckNote(string note)
        {
            if (note.Length > MaxNoteLength)
            {
                throw CallbellException.InvalidArgument("Note", "Note is " + note.Length + " characters long; the API allows at most " + MaxNoteLength + ".", "Shorten the note.");
            }

            return note;
        }

        private static string CheckBotStatus(string status)
        {
            if (status != "bot_start" && status != "bot_end")
            {
                throw CallbellException.InvalidArgument("BotStatus", "BotStatus must be bot_start or bot_end; it was '" + Identifier.Printable(status) + "'.");
            }

            return status;
        }

        /// <summary>
        /// Writes are type-checked by the API: a number as a string ("42"), a date as
        /// "yyyy-MM-dd", a dropdown as one option, a checkbox as an array of strings (though it
        /// reads back as a JSON-encoded string). Values are converted here by the declared type.
        /// </summary>
        public static Dictionary<string, object?> ConvertFields(IDictionary<string, object?> fields, IDictionary<string, string>? types)
        {
            var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in fields)
            {
                var name = pair.Key.Trim();
                if (name.Length == 0 || name.Any(char.IsControl))
                {
                    throw CallbellException.InvalidArgument("CustomField", "A custom field name is empty or holds a control character.");
                }

                string? type = null;
                types?.TryGetValue(name, out type);
                converted[name] = ConvertField(name, pair.Value, type);
            }

            return converted;
        }

        private static object ConvertField(string name, object? value, string? type)
        {
            var parameter = "CustomField '" + name + "'";
            if (type == "checkbox" || (type is null && !(value is string) && value is IEnumerable)
                || (type is null && value is string listText && listText.TrimStart().StartsWith("[", StringComparison.Ordinal)))
            {
                return CheckboxValues(value, parameter);
            }

            var text = value switch
            {
                null => string.Empty,
                string s => s,
                DateTimeOffset d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
            };

            if (text.Length == 0 && (type == "number" || type == "date" || type == "dropdown" || type == "email"))
            {
                // The API type-checks writes, and no documented value clears these types.
                throw CallbellException.InvalidArgument(parameter, parameter + " is a " + type + " field: the API refuses an empty value, and the reference documents no way to clear one.",
                    "Give it a value, or leave the cell out of the change (empty cells are ignored without -ClearEmpty). Text fields clear with an empty value, checkbox fields with an empty list.");
            }

            switch (type)
            {
                case "number" when text.Length > 0 && !decimal.TryParse(text, InvariantNumber, CultureInfo.InvariantCulture, out _):
                    // No thousands separators: "3,5" is 3.5 in half the world and 35 in the other half.
                    throw CallbellException.InvalidArgument(parameter, parameter + " is a number field; '" + Identifier.Printable(text) + "' is not a number written with '.' for decimals and no thousands separators.", "Write it like 42 or 3.5, in every culture.");
                case "date" when text.Length > 0:
                    if (!DateTime.TryParseExact(text.Trim(), IsoDates, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
                    {
                        // "03/04/2026" is 3 April or 4 March depending on who wrote it: never guessed.
                        throw CallbellException.InvalidArgument(parameter, parameter + " is a date field; '" + Identifier.Printable(text) + "' is not an ISO date (year first), so which day it means depends on who wrote it.", "Write it like 2026-03-04 (year-month-day), in every culture.");
                    }

                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case "email" when text.Length > 0:
                    return CheckEmail(text, parameter);
                default:
                    return text;
            }
        }

        /// <summary>A number as a CSV cell holds it in any culture: digits, a sign, "." for decimals.</summary>
        internal const NumberStyles InvariantNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

        /// <summary>Dates year first, as exports and ISO 8601 write them; a time, if any, is dropped.</summary>
        private static readonly string[] IsoDates =
        {
            "yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss",
        };

        /// <summary>A checkbox value: a list, a JSON-encoded list (as the API returns it), or "a, b" text.</summary>
        private static string[] CheckboxValues(object? value, string parameter)
        {
            switch (value)
            {
                case null:
                    return new string[0];
                case string text when text.TrimStart().StartsWith("[", StringComparison.Ordinal):
                    try
                    {
                        using var document = System.Text.Json.JsonDocument.Parse(text);
                        return document.RootElement.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray();
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is InvalidOperationException)
                    {
                        throw CallbellException.InvalidArgument(parameter, parameter + " is a checkbox field; '" + Identifier.Printable(text) + "' is not a list.", "Write it like [\"Pricing\",\"Support\"] or Pricing, Support.");
                    }

                case string text:
                    return TagList.Parse(text).ToArray();
                case IEnumerable items:
                    return items.Cast<object?>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture) ?? string.Empty).Where(i => i.Length > 0).ToArray();
                default:
                    return new[] { Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty };
            }
        }
    }
}
