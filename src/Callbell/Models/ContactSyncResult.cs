using System.Collections.Generic;

namespace Callbell
{
    /// <summary>
    /// What happened to one input row of Set-CallbellContact: Created, Updated (with the fields
    /// sent) or Unchanged, and the contact as it is now. A failed row is an error record instead.
    /// </summary>
    public sealed class ContactSyncResult
    {
        public ContactSyncResult(int? row, string action, IReadOnlyList<string> changed, Contact contact)
        {
            Row = row;
            Action = action;
            Changed = changed;
            Contact = contact;
        }

        /// <summary>The input row, from 1, when the rows came from the pipeline.</summary>
        public int? Row { get; }

        /// <summary>Created, Updated or Unchanged.</summary>
        public string Action { get; }

        /// <summary>The API's names of the fields sent (name, tags, custom_fields, ...); empty when nothing was.</summary>
        public IReadOnlyList<string> Changed { get; }

        public Contact Contact { get; }

        public string? Uuid => Contact.Uuid;

        public string? PhoneNumber => Contact.PhoneNumber;

        public override string ToString() => Action + " " + (Contact.Name ?? Uuid);
    }
}
