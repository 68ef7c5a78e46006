using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Callbell.Json.Converters
{
    /// <summary>customFieldsMetadata: name → {value, type, options}; a non-object is held raw.</summary>
    internal sealed class CustomFieldMetadataSetConverter : JsonConverter<CustomFieldMetadataSet?>
    {
        public override CustomFieldMetadataSet? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
                return null;
            }

            var info = (JsonTypeInfo<CustomFieldMetadata>)options.GetTypeInfo(typeof(CustomFieldMetadata));
            var set = new CustomFieldMetadataSet();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    set[name] = JsonSerializer.Deserialize(ref reader, info)!;
                }
                else
                {
                    reader.Skip();
                }
            }

            return set;
        }

        public override void Write(Utf8JsonWriter writer, CustomFieldMetadataSet? value, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<CustomFieldMetadata>)options.GetTypeInfo(typeof(CustomFieldMetadata));
            writer.WriteStartObject();
            foreach (var pair in value ?? new CustomFieldMetadataSet())
            {
                writer.WritePropertyName(pair.Key);
                JsonSerializer.Serialize(writer, pair.Value, info);
            }

            writer.WriteEndObject();
        }
    }
}
