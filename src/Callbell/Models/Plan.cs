using System.Collections.Generic;

namespace Callbell
{
    /// <summary>The account's plan and licence usage (GET /plan).</summary>
    public sealed class Plan : ApiObject
    {
        /// <summary>The plan's name.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("plan")]
        public string? Name { get; set; }

        public int? IncludedChannels { get; set; }

        public int? Licenses { get; set; }

        public int? ActiveUsers { get; set; }

        public List<Team>? Teams { get; set; }

        /// <summary>Licences not in use.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public int? FreeLicenses => Licenses - ActiveUsers;

        public override string ToString() => Name ?? string.Empty;
    }
}
