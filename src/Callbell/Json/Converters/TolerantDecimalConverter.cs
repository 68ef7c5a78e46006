using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>A number, also written as a string ("42"); anything else is held raw.</summary>
    internal sealed class TolerantDecimalConverter : JsonConverter<decimal?>
    {
        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            {
                return number;
            }

            if (reader.TokenType == JsonTokenType.String && decimal.TryParse(reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            Tolerance.Hold(PlainJson.Read(ref reader));
            return null;
        }

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options) => PlainJson.Write(writer, value);
    }
}
