using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Callbell
{
    /// <summary>
    /// The metadata sent with a message. Written as its JSON object, so that a CSV export of
    /// sent messages keeps it (Export-Csv writes a value's text, not its type name).
    /// </summary>
    public sealed class MessageMetadata : ReadOnlyDictionary<string, string>
    {
        public MessageMetadata(IDictionary<string, string> values)
            : base(new Dictionary<string, string>(values))
        {
        }

        public override string ToString() => Json.PlainJson.Text(writer =>
        {
            writer.WriteStartObject();
            foreach (var pair in this)
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
        });
    }
}
