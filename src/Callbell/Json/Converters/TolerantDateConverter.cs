using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>Every date spelling of the API (<see cref="ApiDate"/>); unreadable text and other values are held raw.</summary>
    internal sealed class TolerantDateConverter : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? text = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.Number)
            {
                text = PlainJson.Raw(ref reader);
            }

            var date = ApiDate.Parse(text);
            if (date is null && !(reader.TokenType == JsonTokenType.String && string.IsNullOrWhiteSpace(text)))
            {
                Tolerance.Hold(PlainJson.Read(ref reader));
            }

            return date;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
            PlainJson.Write(writer, value.HasValue ? value.Value.ToString("o", CultureInfo.InvariantCulture) : null);
    }
}
