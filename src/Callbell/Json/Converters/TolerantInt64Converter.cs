using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>A number, also written as a string ("42"); anything else is held raw.</summary>
    internal sealed class TolerantInt64Converter : JsonConverter<long?>
    {
        public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            {
                return number;
            }

            if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            Tolerance.Hold(PlainJson.Read(ref reader));
            return null;
        }

        public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options) => PlainJson.Write(writer, value);
    }
}
