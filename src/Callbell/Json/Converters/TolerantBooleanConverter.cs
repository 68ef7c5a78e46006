using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>true/false, also as the strings "true"/"false"; anything else is held raw.</summary>
    internal sealed class TolerantBooleanConverter : JsonConverter<bool?>
    {
        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.String when bool.TryParse(reader.GetString(), out var flag):
                    return flag;
                default:
                    Tolerance.Hold(PlainJson.Read(ref reader));
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options) => PlainJson.Write(writer, value);
    }
}
