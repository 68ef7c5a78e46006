using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Callbell.Json;

namespace Callbell.Contacts
{
    /// <summary>
    /// What an exported contact's editable cells said when it was exported (the Baseline column of
    /// Get-CallbellContact | Export-Csv), so that re-importing the file sends only the cells a
    /// person edited. A cell edited in the file and changed in Callbell since the export is a
    /// conflict: it is left out and reported, never written over a newer change. Custom fields
    /// are reconciled one by one.
    /// </summary>
    internal sealed class ContactBaseline
    {
        private readonly Dictionary<string, string?> _cells;

        private ContactBaseline(Dictionary<string, string?> cells)
        {
            _cells = cells;
        }

        /// <summary>The baseline of <paramref name="contact"/> as it is now: its editable cells as Export-Csv writes them.</summary>
        public static string Of(Contact contact) => PlainJson.Text(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Name", contact.Name);
            writer.WriteString("Tags", contact.Tags.ToString());
            writer.WriteString("CustomFields", contact.CustomFields.ToString());
            writer.WriteString("AssignedUser", contact.AssignedUser);
            writer.WriteString("TeamUuid", contact.TeamUuid);
            writer.WriteString("Note", contact.Note);
            writer.WriteEndObject();
        });

        /// <summary>Reads a Baseline cell; an error naming the row's column when it is not one.</summary>
        public static ContactBaseline Parse(string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("not an object");
                }

                var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    cells[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }

                return new ContactBaseline(cells);
            }
            catch (JsonException)
            {
                throw CallbellException.InvalidArgument("Baseline", "The Baseline cell is not what Get-CallbellContact exports.", "Leave the Baseline column as it was exported, or remove the column to apply every cell.");
            }
        }

        /// <summary>
        /// A copy of <paramref name="edit"/> narrowed to what the row edited since the export and
        /// Callbell did not change since: a value typed on the command line (<paramref name="typed"/>)
        /// always counts as edited. Each conflict is added to <paramref name="conflicts"/> in words.
        /// </summary>
        public ContactEdit Reconcile(ContactEdit edit, ICollection<string> typed, Contact current, IList<string> conflicts)
        {
            var narrowed = edit.Copy();
            narrowed.Name = Cell("Name", edit.Name, current.Name, typed, conflicts, Same);
            narrowed.Note = Cell("Note", edit.Note, current.Note, typed, conflicts, Same);
            narrowed.AssignedUser = Cell("AssignedUser", edit.AssignedUser, current.AssignedUser, typed, conflicts, Same);
            narrowed.TeamUuid = Cell("TeamUuid", edit.TeamUuid, current.TeamUuid, typed, conflicts, Same);
            if (edit.Tags != null && !typed.Contains("Tag"))
            {
                var given = string.Join(", ", edit.Tags);
                narrowed.Tags = Cell("Tags", given, current.Tags.ToString(), typed, conflicts, SameTags) is null ? null : edit.Tags;
            }

            if (edit.CustomFields != null && !typed.Contains("CustomField"))
            {
                narrowed.CustomFields = Fields(edit.ReadFields(), current, conflicts);
            }

            return narrowed;
        }

        private string? Cell(string column, string? given, string? now, ICollection<string> typed, IList<string> conflicts, Func<string?, string?, bool> same)
        {
            if (given is null || typed.Contains(column) || !_cells.TryGetValue(column, out var exported))
            {
                return given; // typed, or not in the export: as given
            }

            if (same(given, exported))
            {
                return null; // not edited in the file: whatever Callbell has now stays
            }

            if (!same(now, exported))
            {
                conflicts.Add(column + " was changed both in the file ('" + Show(given) + "') and in Callbell since the export ('" + Show(exported) + "' is now '" + Show(now) + "')");
                return null;
            }

            return given;
        }

        private IDictionary<string, object?>? Fields(IDictionary<string, object?>? given, Contact current, IList<string> conflicts)
        {
            if (given is null || !_cells.TryGetValue("CustomFields", out var text))
            {
                return given;
            }

            var exported = CustomFieldSet.Parse(text);
            var kept = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in given)
            {
                var was = exported.TryGetValue(pair.Key, out var e) ? Text(e) : null;
                if (Text(pair.Value) == was)
                {
                    continue;
                }

                var now = current.CustomFields.TryGetValue(pair.Key, out var n) ? Text(n) : null;
                if (now != was)
                {
                    conflicts.Add("custom field " + pair.Key + " was changed both in the file ('" + Show(Text(pair.Value)) + "') and in Callbell since the export ('" + Show(was) + "' is now '" + Show(now) + "')");
                    continue;
                }

                kept[pair.Key] = pair.Value;
            }

            return kept.Count == 0 ? null : kept;
        }

        private static bool Same(string? a, string? b) => string.Equals((a ?? string.Empty).Trim(), (b ?? string.Empty).Trim(), StringComparison.Ordinal);

        private static bool SameTags(string? a, string? b) =>
            new HashSet<string>(TagList.Parse(a), StringComparer.OrdinalIgnoreCase).SetEquals(TagList.Parse(b));

        private static string? Text(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case string s:
                    return s.Trim();
                case IEnumerable list:
                    return string.Join("|", list.Cast<object?>().Select(Text));
                case IFormattable f:
                    return f.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString();
            }
        }

        private static string Show(string? text) => text is null ? string.Empty : Http.Identifier.Printable(text);
    }
}
