using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// A contact's custom fields: name → string, string[] (checkbox fields) or decimal. Names
    /// are case-insensitive, as PowerShell users expect (<c>$c.CustomFields.plan</c>). The text
    /// form is compact JSON, so an Export-Csv cell is readable and <see cref="Parse"/> reads it
    /// back exactly.
    /// </summary>
    [JsonConverter(typeof(CustomFieldSetConverter))]
    public sealed class CustomFieldSet : Dictionary<string, object?>
    {
        public CustomFieldSet()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        /// <summary>Reads the text form (a JSON object) back; empty text is an empty set.</summary>
        public static CustomFieldSet Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new CustomFieldSet();
            }

            try
            {
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text!));
                reader.Read();
                return CustomFieldSetConverter.ReadSet(ref reader);
            }
            catch (JsonException ex)
            {
                throw CallbellException.InvalidArgument(
                    "CustomFields",
                    "CustomFields '" + Http.Identifier.Printable(text!) + "' is not a JSON object: " + ex.Message,
                    "Write custom fields as JSON, e.g. {\"Plan\":\"Gold\",\"Interests\":[\"a\",\"b\"]}, or pass a hashtable.");
            }
        }

        public override string ToString() => PlainJson.Text(writer => CustomFieldSetConverter.WriteSet(writer, this));
    }
}
