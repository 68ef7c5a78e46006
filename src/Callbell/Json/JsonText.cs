using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Callbell.Json
{
    /// <summary>Small readers and writers shared by the converters.</summary>
    internal static class JsonText
    {
        /// <summary>The current token's raw UTF-8 text (for numbers: exactly as sent).</summary>
        public static string Raw(ref Utf8JsonReader reader)
        {
            var bytes = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Serializes with <paramref name="write"/> into a compact JSON string.</summary>
        public static string Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                write(writer);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
