using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Callbell.Http;
using Callbell.Paging;

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

        /// <summary>
        /// Builds the request for <paramref name="position"/>, validating every value first. A
        /// cursor is sent as <c>after</c> with the same filters (the cursor does not carry them).
        /// </summary>
        public ApiRequest ToRequest(PagePosition position)
        {
            if (position.Page < 1)
            {
                throw CallbellException.InvalidArgument("Page", "Page must be 1 or more; it was " + position.Page + ".", "Pages are numbered from 1.");
            }

            return ApiRequest.Get("contacts")
                .Query("after", position.After, "After")
                .Query("page", position.After is null && position.Page > 1 ? position.Page.ToString(CultureInfo.InvariantCulture) : null, "Page")
                .Query("source", Source is null ? null : Identifier.Validate(Source.Trim(), "Source"), "Source")
                .Query("tags", JoinTags(Tags), "Tag")
                .Query("team_uuid", TeamUuid is null ? null : Identifier.Validate(TeamUuid, "TeamUuid"), "TeamUuid")
                .Query("include_field_types", IncludeFieldTypes ? "true" : null, "IncludeFieldType");
        }

        /// <summary>"contacts (Source whatsapp, Tag lead,vip)": what an error's target shows.</summary>
        public override string ToString()
        {
            var filters = new List<string>();
            if (Source != null)
            {
                filters.Add("Source " + Source);
            }

            if (Tags != null && Tags.Count > 0)
            {
                filters.Add("Tag " + string.Join(",", Tags));
            }

            if (TeamUuid != null)
            {
                filters.Add("TeamUuid " + TeamUuid);
            }

            return filters.Count == 0 ? "all contacts" : "contacts (" + string.Join(", ", filters) + ")";
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
