using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// A contact's tags. Its text form is "lead, vip", so an Export-Csv cell reads as tags (not
    /// "System.String[]") and <see cref="Parse"/> turns that cell back into tags.
    /// </summary>
    [JsonConverter(typeof(TagListConverter))]
    public sealed class TagList : List<string>
    {
        public TagList()
        {
        }

        public TagList(IEnumerable<string> tags)
            : base(tags)
        {
        }

        /// <summary>Reads "lead, vip" (or "lead,vip") back into tags; blanks are dropped.</summary>
        public static TagList Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new TagList();
            }

            return new TagList(text!.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0));
        }

        public override string ToString() => string.Join(", ", this);
    }
}
