using System;
using System.Collections.Generic;
using System.Text.Json;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// Fields the module does not model yet (the API grows), and raw text of values it could not
    /// read (an unparseable date). Nothing the server sent is lost: it stays reachable here, as
    /// <c>$contact.AdditionalFields.someNewField</c>. Its text form is compact JSON, so it survives
    /// Export-Csv readable.
    /// </summary>
    public sealed class AdditionalFields : Dictionary<string, object?>
    {
        public AdditionalFields()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public override string ToString() => JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var pair in this)
            {
                writer.WritePropertyName(pair.Key);
                switch (pair.Value)
                {
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    case null:
                        writer.WriteNullValue();
                        break;
                    default:
                        writer.WriteStringValue(pair.Value.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
        });
    }
}
