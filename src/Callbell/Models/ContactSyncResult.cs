using System.Collections.Generic;

namespace Callbell
{
    /// <summary>
    /// What happened to one input row of Set-CallbellContact: Created, Updated (with the fields
    /// sent), Unchanged, or Failed (its error record says why), and the contact as it is now.
    /// </summary>
    public sealed class ContactSyncResult
    {
        public ContactSyncResult(int? row, string action, IReadOnlyList<string> changed, Contact? contact, string? error = null)
        {
            Row = row;
            Action = action;
            Changed = changed;
            Contact = contact;
            Error = error;
        }

        /// <summary>The input row, from 1, when the rows came from the pipeline.</summary>
        public int? Row { get; }

        /// <summary>Created, Updated, Unchanged or Failed.</summary>
        public string Action { get; }

        /// <summary>The API's names of the fields sent (name, tags, custom_fields, ...); empty when nothing was.</summary>
        public IReadOnlyList<string> Changed { get; }

        /// <summary>Null for a row that failed before any contact was read.</summary>
        public Contact? Contact { get; }

        /// <summary>Why a Failed row failed (the same words as its error record).</summary>
        public string? Error { get; }

        public string? Uuid => Contact?.Uuid;

        public string? PhoneNumber => Contact?.PhoneNumber;

        public override string ToString() => Action + " " + (Contact?.Name ?? Uuid ?? Error);
    }
}
