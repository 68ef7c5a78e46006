using System;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>A Callbell team (an inbox group agents belong to).</summary>
    public sealed class Team : ApiObject
    {
        private string? _createdAtText;

        public string? Uuid { get; set; }

        public string? Name { get; set; }

        [JsonIgnore]
        public DateTimeOffset? CreatedAt { get; private set; }

        public bool? Default { get; set; }

        /// <summary>How many members the team has.</summary>
        public int? Members { get; set; }

        [JsonInclude, JsonPropertyName("createdAt"), JsonConverter(typeof(TextConverter))]
        internal string? CreatedAtText
        {
            get => _createdAtText;
            set { _createdAtText = value; CreatedAt = ReadDate(value, "createdAt"); }
        }

        /// <summary>The name, so a team reads well in a table cell or a CSV column.</summary>
        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
