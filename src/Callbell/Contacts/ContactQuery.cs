using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Callbell.Http;

namespace Callbell.Contacts
{
    /// <summary>
    /// The filters of GET /contacts. Each maps to the query parameter the API names; one left
    /// null sends nothing.
    /// </summary>
    public sealed class ContactQuery
    {
        /// <summary>whatsapp, instagram, facebook, telegram, …</summary>
        public string? Source { get; set; }

        /// <summary>Sent comma-separated; matching is case-insensitive on the server.</summary>
        public IList<string>? Tags { get; set; }

        public string? TeamUuid { get; set; }

        /// <summary>Adds customFieldsMetadata (value and declared type of each custom field).</summary>
        public bool IncludeFieldTypes { get; set; }

        /// <summary>Builds the request for <paramref name="page"/>, validating every value first.</summary>
        public ApiRequest ToRequest(int page)
        {
            if (page < 1)
            {
                throw CallbellException.InvalidArgument("Page", "Page must be 1 or more; it was " + page + ".", "Pages are numbered from 1.");
            }

            var request = ApiRequest.Get("contacts")
                .Query("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null, "Page")
                .Query("source", Source is null ? null : Identifier.Validate(Source.Trim(), "Source"), "Source")
                .Query("tags", JoinTags(Tags), "Tag")
                .Query("team_uuid", TeamUuid is null ? null : Identifier.Validate(TeamUuid, "TeamUuid"), "TeamUuid")
                .Query("include_field_types", IncludeFieldTypes ? "true" : null, "IncludeFieldType");
            return request;
        }

        internal static string? JoinTags(IList<string>? tags)
        {
            if (tags is null || tags.Count == 0)
            {
                return null;
            }

            var clean = new List<string>(tags.Count);
            foreach (var tag in tags)
            {
                var trimmed = tag?.Trim();
                if (string.IsNullOrEmpty(trimmed))
                {
                    throw CallbellException.InvalidArgument("Tag", "Tag contains an empty tag.", "Remove the empty value, e.g. -Tag lead,vip.");
                }

                if (trimmed!.Contains(",") || trimmed.Any(char.IsControl))
                {
                    throw CallbellException.InvalidArgument("Tag", "Tag '" + Identifier.Printable(trimmed) + "' contains a comma or a control character; the API separates tags with commas.", "Pass several tags as an array: -Tag lead,vip.");
                }

                clean.Add(trimmed);
            }

            return string.Join(",", clean);
        }
    }
}
