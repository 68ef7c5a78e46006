using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Callbell.Http;

namespace Callbell.Contacts
{
    /// <summary>
    /// What a caller wants a contact to be (a CSV row, or parameters), turned into only the
    /// changes that differ from the contact as it is now. The rules of the CSV round trip:
    /// <list type="bullet">
    /// <item>A value left null was not given: nothing is sent for it.</item>
    /// <item>An empty value ("", no tags) clears the field; the module passes one only when the
    /// user asked (an explicit -Note '', or -ClearEmpty for empty CSV cells).</item>
    /// <item>The phone number is never sent; a value that differs from the contact's is an error.</item>
    /// <item>Tags compare as a set, ignoring case and order; custom fields compare by their declared
    /// type (a checkbox read back as a JSON-encoded string equals the same options as a list).</item>
    /// </list>
    /// </summary>
    internal sealed class ContactEdit
    {
        public string? Name { get; set; }

        /// <summary>Only checked: the API cannot change a phone number.</summary>
        public string? PhoneNumber { get; set; }

        /// <summary>Replaces the tag set. A cell "lead, vip" may arrive as one element: commas split it.</summary>
        public IList<string>? Tags { get; set; }

        public IList<string>? AddTags { get; set; }

        public IList<string>? RemoveTags { get; set; }

        /// <summary>A hashtable, a <see cref="CustomFieldSet"/>, or its JSON text (an Export-Csv cell).</summary>
        public object? CustomFields { get; set; }

        public string? AssignedUser { get; set; }

        public bool UnassignUser { get; set; }

        public string? TeamUuid { get; set; }

        public string? BotStatus { get; set; }

        public string? Note { get; set; }

        /// <summary>Checks every value that can be checked without the contact, before any request.</summary>
        public void Validate()
        {
            if (Name != null && Name.Trim().Length > 0)
            {
                Http.Text.Require(Name, "Name", 200);
            }

            SplitTags(Tags);
            SplitTags(AddTags);
            SplitTags(RemoveTags);
            ReadFields();
            if (!string.IsNullOrEmpty(AssignedUser))
            {
                ContactChanges.CheckEmail(AssignedUser!, "AssignedUser");
            }

            if (!string.IsNullOrEmpty(TeamUuid))
            {
                Identifier.Validate(TeamUuid, "TeamUuid");
            }

            new ContactChanges { BotStatus = BotStatus, Note = Note }.Body();
        }

        /// <summary>The changes that make <paramref name="current"/> what this edit asks; empty when nothing differs.</summary>
        public ContactChanges Diff(Contact current)
        {
            var changes = new ContactChanges { BotStatus = BotStatus };
            if (!string.IsNullOrWhiteSpace(PhoneNumber) && !SamePhone(PhoneNumber!, current.PhoneNumber))
            {
                throw CallbellException.InvalidArgument(
                    "PhoneNumber",
                    "The phone number cannot be changed through the API: the input says '" + Identifier.Printable(PhoneNumber!) + "', the contact has '" + current.PhoneNumber + "'.",
                    "Put the contact's own number back in the PhoneNumber cell, or leave the column out.");
            }

            if (!string.IsNullOrWhiteSpace(Name) && !string.Equals(Name!.Trim(), current.Name, StringComparison.Ordinal))
            {
                changes.Name = Name.Trim();
            }

            var tags = Tags is null ? null : SplitTags(Tags);
            if (AddTags != null || RemoveTags != null)
            {
                var set = new List<string>(tags ?? (IEnumerable<string>)current.Tags);
                foreach (var tag in SplitTags(AddTags) ?? new List<string>())
                {
                    if (!set.Contains(tag, StringComparer.OrdinalIgnoreCase))
                    {
                        set.Add(tag);
                    }
                }

                set.RemoveAll(t => (SplitTags(RemoveTags) ?? new List<string>()).Contains(t, StringComparer.OrdinalIgnoreCase));
                tags = set;
            }

            if (tags != null && !SameSet(tags, current.Tags))
            {
                changes.Tags = tags;
            }

            var fields = ReadFields();
            if (fields != null)
            {
                var changed = new Dictionary<string, object?>(StringComparer.Ordinal);
                var types = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in fields)
                {
                    var type = current.CustomFieldsMetadata != null && current.CustomFieldsMetadata.TryGetValue(pair.Key, out var meta) ? meta.Type : null;
                    var now = current.CustomFields.TryGetValue(pair.Key, out var value) ? value : null;
                    if (type == "checkbox" && current.CustomFieldsMetadata![pair.Key].Value is string[] options)
                    {
                        now = options; // the real array; customFields holds a JSON-encoded string
                    }

                    if (!SameValue(pair.Value, now, type))
                    {
                        // The current contact's name for the field, which the API matches exactly.
                        var name = current.CustomFields.Keys.FirstOrDefault(k => string.Equals(k, pair.Key, StringComparison.OrdinalIgnoreCase)) ?? pair.Key;
                        changed[name] = pair.Value;
                        if (type != null)
                        {
                            types[name] = type;
                        }
                    }
                }

                if (changed.Count > 0)
                {
                    changes.CustomFields = changed;
                    changes.FieldTypes = types;

                    // Checked now, with the types in hand: a value the type forbids is this row's
                    // error before anything is asked or sent.
                    ContactChanges.ConvertFields(changed, types);
                }
            }

            if (UnassignUser || (AssignedUser != null && AssignedUser.Length == 0))
            {
                changes.UnassignUser = current.AssignedUser != null;
            }
            else if (!string.IsNullOrWhiteSpace(AssignedUser) && !string.Equals(AssignedUser!.Trim(), current.AssignedUser, StringComparison.OrdinalIgnoreCase))
            {
                changes.AssignedUser = AssignedUser.Trim();
            }

            if (!string.IsNullOrWhiteSpace(TeamUuid) && !string.Equals(TeamUuid, current.TeamUuid, StringComparison.OrdinalIgnoreCase))
            {
                changes.TeamUuid = TeamUuid;
            }

            if (Note != null && !string.Equals(Note, current.Note ?? string.Empty, StringComparison.Ordinal))
            {
                changes.Note = Note;
            }

            return changes;
        }

        /// <summary>
        /// The fields of a new contact from this edit (a CSV row of the export's columns): empty
        /// values are left out, tags split on commas, custom fields read from whichever shape they
        /// came in. Field types are unknown before a contact exists (the API lists no field
        /// definitions), so values go as text, and a "[...]" cell as a checkbox list.
        /// </summary>
        public ContactChanges ForCreate(string? channelUuid)
        {
            var tags = SplitTags(Tags);
            return new ContactChanges
            {
                Tags = tags is null || tags.Count == 0 ? null : tags,
                CustomFields = ReadFields(),
                AssignedUser = string.IsNullOrWhiteSpace(AssignedUser) ? null : AssignedUser,
                TeamUuid = string.IsNullOrWhiteSpace(TeamUuid) ? null : TeamUuid,
                ChannelUuid = string.IsNullOrWhiteSpace(channelUuid) ? null : channelUuid,
                BotStatus = BotStatus,
                Note = string.IsNullOrEmpty(Note) ? null : Note,
            };
        }

        /// <summary>What <paramref name="changes"/> would do, in words for ShouldProcess and -WhatIf.</summary>
        public static string Describe(ContactChanges changes)
        {
            var parts = new List<string>();
            if (changes.Name != null)
            {
                parts.Add("name to '" + changes.Name + "'");
            }

            if (changes.Tags != null)
            {
                parts.Add(changes.Tags.Count == 0 ? "no tags" : "tags to '" + string.Join(", ", changes.Tags) + "'");
            }

            if (changes.CustomFields != null)
            {
                parts.Add("custom fields " + string.Join(", ", changes.CustomFields.Select(f => f.Key + " = " + Show(f.Value))));
            }

            if (changes.AssignedUser != null)
            {
                parts.Add("assigned user to " + changes.AssignedUser);
            }

            if (changes.UnassignUser)
            {
                parts.Add("no assigned user");
            }

            if (changes.TeamUuid != null)
            {
                parts.Add("team to " + changes.TeamUuid);
            }

            if (changes.BotStatus != null)
            {
                parts.Add("bot " + (changes.BotStatus == "bot_start" ? "started" : "stopped"));
            }

            if (changes.Note != null)
            {
                parts.Add(changes.Note.Length == 0 ? "note cleared" : "note to '" + (changes.Note.Length > 40 ? changes.Note.Substring(0, 40) + "…" : changes.Note) + "'");
            }

            return "Set " + string.Join("; ", parts);
        }

        /// <summary>A shallow copy: an edit narrowed for one read (see <see cref="ContactBaseline"/>) leaves the row's own untouched for a read again.</summary>
        internal ContactEdit Copy() => (ContactEdit)MemberwiseClone();

        internal IDictionary<string, object?>? ReadFields()
        {
            switch (CustomFields)
            {
                case null:
                    return null;
                case string text when text.Trim().Length == 0:
                    return null;
                case string text:
                    return CustomFieldSet.Parse(text);
                case IDictionary<string, object?> typed:
                    return typed;
                case IDictionary map:
                    var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (DictionaryEntry entry in map)
                    {
                        fields[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
                    }

                    return fields;
                default:
                    throw CallbellException.InvalidArgument("CustomField", "CustomField must be a hashtable (@{ Plan = 'Gold' }) or the JSON text of an exported CustomFields cell.");
            }
        }

        private static List<string>? SplitTags(IList<string>? tags) =>
            tags is null ? null : ContactChanges.CheckTags(tags.SelectMany(t => (t ?? string.Empty).Split(',')).Select(t => t.Trim()).Where(t => t.Length > 0)).ToList();

        private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(new HashSet<string>(b, StringComparer.OrdinalIgnoreCase));

        private static bool SameValue(object? wanted, object? now, string? type)
        {
            var wantedList = AsList(wanted);
            var nowList = AsList(now);
            if (type == "checkbox" || wantedList != null || nowList != null)
            {
                return SameSet(wantedList ?? Scalar(wanted), nowList ?? Scalar(now));
            }

            var a = Text(wanted);
            var b = Text(now);
            if (decimal.TryParse(a, ContactChanges.InvariantNumber, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, ContactChanges.InvariantNumber, CultureInfo.InvariantCulture, out var y))
            {
                return x == y;
            }

            return string.Equals(a, b, StringComparison.Ordinal);
        }

        private static IEnumerable<string> Scalar(object? value) => Text(value).Length == 0 ? new string[0] : TagList.Parse(Text(value));

        /// <summary>A list value: an array, or the JSON-encoded array the API sends for a checkbox.</summary>
        private static List<string>? AsList(object? value)
        {
            switch (value)
            {
                case string text when text.TrimStart().StartsWith("[", StringComparison.Ordinal):
                    try
                    {
                        using var document = JsonDocument.Parse(text);
                        return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList() : null;
                    }
                    catch (JsonException)
                    {
                        return null;
                    }

                case string _:
                    return null;
                case IEnumerable items:
                    return items.Cast<object?>().Select(Text).ToList();
                default:
                    return null;
            }
        }

        private static string Text(object? value) => value switch
        {
            null => string.Empty,
            string s => s.Trim(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        private static string Show(object? value) => value is IEnumerable items && !(value is string) ? "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]" : "'" + Text(value) + "'";

        /// <summary>One number however written: the same digits, or the same E.164 number ("0039 333…" and "+39 333…").</summary>
        private static bool SamePhone(string given, string? stored)
        {
            if (Digits(given) == Digits(stored))
            {
                return true;
            }

            try
            {
                var a = PhoneNumberIdentity.ToE164(given, null, "PhoneNumber");
                return a != null && a == PhoneNumberIdentity.ToE164(stored, null, "PhoneNumber");
            }
            catch (CallbellException)
            {
                return false;
            }
        }

        private static string Digits(string? phone) => new string((phone ?? string.Empty).Where(char.IsDigit).ToArray());
    }
}
