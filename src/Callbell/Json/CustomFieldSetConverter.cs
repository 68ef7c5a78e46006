using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json
{
    /// <summary>
    /// Custom field values arrive as a string, an array of strings or a number; each keeps its
    /// shape (string, string[], decimal) instead of failing the page.
    /// </summary>
    internal sealed class CustomFieldSetConverter : JsonConverter<CustomFieldSet>
    {
        public override bool HandleNull => true;

        public override CustomFieldSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadSet(ref reader);

        public override void Write(Utf8JsonWriter writer, CustomFieldSet value, JsonSerializerOptions options) => WriteSet(writer, value);

        internal static CustomFieldSet ReadSet(ref Utf8JsonReader reader)
        {
            var set = new CustomFieldSet();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return set;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
                return set;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                set[name] = ReadValue(ref reader);
            }

            return set;
        }

        /// <summary>A scalar as PlainJson reads it; an array as string[] (checkbox options); an object as its JSON text.</summary>
        internal static object? ReadValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    var items = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            items.Add(reader.GetString()!);
                        }
                        else if (reader.TokenType == JsonTokenType.Number)
                        {
                            items.Add(PlainJson.Raw(ref reader));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    return items.ToArray();
                case JsonTokenType.StartObject:
                    using (var document = JsonDocument.ParseValue(ref reader))
                    {
                        return document.RootElement.GetRawText();
                    }

                default:
                    return PlainJson.Read(ref reader);
            }
        }

        internal static void WriteSet(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> set)
        {
            writer.WriteStartObject();
            foreach (var pair in set)
            {
                writer.WritePropertyName(pair.Key);
                PlainJson.Write(writer, pair.Value);
            }

            writer.WriteEndObject();
        }
    }
}
