using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>
    /// A list of strings (attachment URLs, event names): numbers kept as their text, nulls
    /// skipped, a bare string read as a one-item list; anything else is held raw.
    /// </summary>
    internal sealed class TolerantTextListConverter : JsonConverter<List<string>?>
    {
        public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return new List<string> { reader.GetString()! };
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
                return null;
            }

            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        items.Add(reader.GetString()!);
                        break;
                    case JsonTokenType.Number:
                        items.Add(PlainJson.Raw(ref reader));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value ?? new List<string>())
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }
}
