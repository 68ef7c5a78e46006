using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Callbell.Json
{
    /// <summary>
    /// The serializer settings every response is read with: the source-generated metadata of
    /// <see cref="CallbellJsonContext"/> (no reflection warm-up) with <see cref="Tolerance"/>
    /// applied to every model.
    /// </summary>
    internal static class CallbellJson
    {
        public static readonly JsonSerializerOptions Options = Create();

        public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions(CallbellJsonContext.Default.Options)
            {
                TypeInfoResolver = CallbellJsonContext.Default.WithAddedModifier(Tolerance.Apply),
            };
            options.MakeReadOnly();
            return options;
        }
    }
}
