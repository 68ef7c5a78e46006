using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Callbell.Json.Converters
{
    /// <summary>A nested model: an object reads as the model; anything else is held raw.</summary>
    internal sealed class TolerantObjectConverter<T> : JsonConverter<T?>
        where T : ApiObject
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return JsonSerializer.Deserialize(ref reader, info);
            }

            Tolerance.Hold(PlainJson.Read(ref reader));
            return null;
        }

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            }
        }
    }
}
