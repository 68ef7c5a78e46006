using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callbell.Json;

namespace Callbell
{
    /// <summary>
    /// Base of every model the API returns. Fields this version does not model, and values the
    /// module could not read as the type it expected, are kept in <see cref="AdditionalFields"/>
    /// as plain values instead of failing or being dropped (see <see cref="Tolerance"/>).
    /// </summary>
    public abstract class ApiObject : IJsonOnDeserialized
    {
        /// <summary>Everything the server sent that this version of the module does not model or could not read.</summary>
        [JsonExtensionData]
        public AdditionalFields? AdditionalFields { get; set; }

        /// <summary>
        /// The account the object was read from (see <see cref="CallbellConnection.Account"/>), so
        /// a copy into another account knows which of its ids (channel, team, agent) do not belong there.
        /// </summary>
        internal string? Account { get; set; }

        /// <summary>Files a raw value under its JSON name, unless the model absorbs it as a known quirk.</summary>
        internal void Keep(string jsonName, object? raw)
        {
            if (!Absorb(jsonName, raw))
            {
                (AdditionalFields ??= new AdditionalFields())[jsonName] = raw;
            }
        }

        /// <summary>A model that knows a documented quirk of one of its fields takes the raw value here.</summary>
        private protected virtual bool Absorb(string jsonName, object? raw) => false;

        /// <summary>A model that completes itself from its other fields once read.</summary>
        private protected virtual void OnRead()
        {
        }

        void IJsonOnDeserialized.OnDeserialized()
        {
            OnRead();
            if (AdditionalFields is null)
            {
                return;
            }

            // Unknown fields arrive as JsonElements, which PowerShell shows as {ValueKind: …}.
            List<KeyValuePair<string, object?>>? elements = null;
            foreach (var pair in AdditionalFields)
            {
                if (pair.Value is JsonElement)
                {
                    (elements ??= new List<KeyValuePair<string, object?>>()).Add(pair);
                }
            }

            if (elements != null)
            {
                foreach (var pair in elements)
                {
                    AdditionalFields[pair.Key] = PlainJson.From((JsonElement)pair.Value!);
                }
            }
        }
    }
}
