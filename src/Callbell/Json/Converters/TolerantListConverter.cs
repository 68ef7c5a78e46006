using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Callbell.Json.Converters
{
    /// <summary>A list of models: objects read, other elements are skipped; a non-array is held raw.</summary>
    internal sealed class TolerantListConverter<T> : JsonConverter<List<T>?>
        where T : ApiObject
    {
        public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
                return null;
            }

            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    items.Add(JsonSerializer.Deserialize(ref reader, info)!);
                }
                else
                {
                    reader.Skip();
                }
            }

            return items;
        }

        public override void Write(Utf8JsonWriter writer, List<T>? value, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value ?? new List<T>())
            {
                JsonSerializer.Serialize(writer, item, info);
            }

            writer.WriteEndArray();
        }
    }
}
