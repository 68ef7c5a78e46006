using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>
    /// A field the API sends as JSON encoded inside a string (an interactive list's metadata):
    /// read as the plain value the string holds. A string that is not JSON stays text, and a
    /// real object or array is read as it is, so the field survives the API fixing it.
    /// </summary>
    internal sealed class EmbeddedJsonConverter : JsonConverter<object?>
    {
        public override bool HandleNull => true;

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return PlainJson.Read(ref reader);
            }

            var text = reader.GetString()!;
            var trimmed = text.TrimStart();
            if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
            {
                return text;
            }

            try
            {
                var inner = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
                inner.Read();
                var value = PlainJson.Read(ref inner);
                return inner.Read() ? text : value;
            }
            catch (JsonException)
            {
                return text;
            }
        }

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options) => PlainJson.Write(writer, value);
    }
}
