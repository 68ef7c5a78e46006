using System;

namespace Callbell
{
    /// <summary>A Callbell team (an inbox group agents belong to). A contact without one may carry <c>{}</c>.</summary>
    public sealed class Team : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>True for the account's default team.</summary>
        public bool? Default { get; set; }

        /// <summary>How many members the team has.</summary>
        public int? Members { get; set; }

        /// <summary>The name, so a team reads well in a table cell or a CSV column.</summary>
        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
