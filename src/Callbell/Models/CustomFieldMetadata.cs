using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using Callbell.Json;
using Callbell.Json.Converters;

namespace Callbell
{
    /// <summary>A custom field's value with its declared type (only with -IncludeFieldType).</summary>
    public sealed class CustomFieldMetadata : ApiObject
    {
        [JsonConverter(typeof(CustomFieldValueConverter))]
        public object? Value { get; set; }

        /// <summary>text, email, number, date, dropdown or checkbox.</summary>
        public string? Type { get; set; }

        /// <summary>The allowed values of dropdown and checkbox fields.</summary>
        [JsonConverter(typeof(TagListConverter))]
        public TagList? Options { get; set; }

        public override string ToString() => Type ?? string.Empty;
    }

    /// <summary>Field name → value and type. Reads as "Plan: dropdown; Seats: number" in a table or CSV cell.</summary>
    [JsonConverter(typeof(CustomFieldMetadataSetConverter))]
    public sealed class CustomFieldMetadataSet : Dictionary<string, CustomFieldMetadata>
    {
        public CustomFieldMetadataSet()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public override string ToString() => string.Join("; ", this.Select(p => p.Key + ": " + p.Value.Type));
    }
}
