using System;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// Base of every model the API returns: keeps unknown fields, and the raw text of dates that
    /// could not be read, in <see cref="AdditionalFields"/> instead of dropping them.
    /// </summary>
    public abstract class ApiObject
    {
        /// <summary>Everything the server sent that this version of the module does not model.</summary>
        [JsonExtensionData]
        public AdditionalFields? AdditionalFields { get; set; }

        /// <summary>Parses a date; if it cannot, the raw text is kept under <paramref name="jsonName"/>.</summary>
        private protected DateTimeOffset? ReadDate(string? text, string jsonName)
        {
            var parsed = ApiDate.Parse(text);
            if (parsed is null && !string.IsNullOrWhiteSpace(text) && text != "false" && text != "true")
            {
                (AdditionalFields ??= new AdditionalFields())[jsonName] = text;
            }

            return parsed;
        }
    }
}
