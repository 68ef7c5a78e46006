using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell.Contacts
{
    /// <summary><c>{"contact": Contact}</c> or <c>{"contact": [Contact]}</c>.</summary>
    internal sealed class ContactEnvelope
    {
        [JsonConverter(typeof(SingleOrArrayContactConverter))]
        public Contact? Contact { get; set; }
    }
}
