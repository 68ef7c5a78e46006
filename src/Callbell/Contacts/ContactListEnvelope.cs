using System.Collections.Generic;

namespace Callbell.Contacts
{
    /// <summary><c>{"contacts": Contact[]}</c>, with meta if the API ever adds it.</summary>
    internal sealed class ContactListEnvelope
    {
        public List<Contact>? Contacts { get; set; }

        public PageMeta? Meta { get; set; }
    }
}
