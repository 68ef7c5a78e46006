using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json
{
    /// <summary>Reads a tag array (null and non-string entries included) into a <see cref="TagList"/>.</summary>
    internal sealed class TagListConverter : JsonConverter<TagList>
    {
        public override bool HandleNull => true;

        public override TagList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var tags = new TagList();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return tags;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                // A single tag sent bare, or a comma-separated string.
                return TagList.Parse(reader.GetString());
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
                return tags;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        tags.Add(reader.GetString()!);
                        break;
                    case JsonTokenType.Number:
                        tags.Add(PlainJson.Raw(ref reader));
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return tags;
        }

        public override void Write(Utf8JsonWriter writer, TagList value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var tag in value)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }
    }
}
