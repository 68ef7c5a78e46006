using System.Collections.Generic;
using Callbell.Json;

namespace Callbell.Http
{
    /// <summary>
    /// A request body in the API's snake_case keys, with the three states a PATCH needs kept
    /// apart: a key never set is omitted (the server keeps its value), <see cref="Null"/> sends
    /// JSON null (e.g. custom_status_uuid: null unassigns), and an empty value is sent as it is
    /// (note: "" clears, tags: [] empties).
    /// </summary>
    public sealed class JsonBody
    {
        private readonly List<KeyValuePair<string, object?>> _fields = new List<KeyValuePair<string, object?>>();

        /// <summary>Sets <paramref name="key"/>; a null value leaves the key out.</summary>
        public JsonBody Set(string key, object? value)
        {
            if (value != null)
            {
                Put(key, value);
            }

            return this;
        }

        /// <summary>Sends <paramref name="key"/> as JSON null.</summary>
        public JsonBody Null(string key)
        {
            Put(key, null);
            return this;
        }

        /// <summary>The keys that will be sent, in order.</summary>
        public IEnumerable<string> Keys
        {
            get
            {
                foreach (var pair in _fields)
                {
                    yield return pair.Key;
                }
            }
        }

        public int Count => _fields.Count;

        public byte[] ToBytes() => PlainJson.Bytes(writer =>
        {
            writer.WriteStartObject();
            foreach (var pair in _fields)
            {
                writer.WritePropertyName(pair.Key);
                PlainJson.Write(writer, pair.Value);
            }

            writer.WriteEndObject();
        });

        public override string ToString() => System.Text.Encoding.UTF8.GetString(ToBytes());

        private void Put(string key, object? value)
        {
            for (var i = 0; i < _fields.Count; i++)
            {
                if (_fields[i].Key == key)
                {
                    _fields[i] = new KeyValuePair<string, object?>(key, value);
                    return;
                }
            }

            _fields.Add(new KeyValuePair<string, object?>(key, value));
        }
    }
}
