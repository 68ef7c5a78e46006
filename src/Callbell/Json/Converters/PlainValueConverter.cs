using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>Any JSON as plain values (see <see cref="PlainJson"/>), for fields the API leaves opaque.</summary>
    internal sealed class PlainValueConverter : JsonConverter<object?>
    {
        public override bool HandleNull => true;

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => PlainJson.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options) => PlainJson.Write(writer, value);
    }
}
