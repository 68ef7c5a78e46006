using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callbell.Json.Converters
{
    /// <summary>One custom field value: string, string[], decimal, bool or null.</summary>
    internal sealed class CustomFieldValueConverter : JsonConverter<object?>
    {
        public override bool HandleNull => true;

        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CustomFieldSetConverter.ReadValue(ref reader);

        public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options) =>
            PlainJson.Write(writer, value);
    }
}
