using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Callbell.Json
{
    /// <summary>
    /// The API sends one object sometimes bare (<c>{"contact": {…}}</c>) and sometimes wrapped in
    /// an array (<c>{"contact": [{…}]}</c>); both read as the object.
    /// </summary>
    public abstract class SingleOrArrayConverter<T> : JsonConverter<T?>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return JsonSerializer.Deserialize(ref reader, info);
            }

            T? first = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var item = JsonSerializer.Deserialize(ref reader, info);
                first ??= item;
            }

            return first;
        }

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
        {
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, value, info);
            }
        }
    }

    public sealed class SingleOrArrayContactConverter : SingleOrArrayConverter<Contact>
    {
    }
}
