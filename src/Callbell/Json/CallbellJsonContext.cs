using System.Text.Json.Serialization;

namespace Callbell.Json
{
    /// <summary>
    /// Source-generated metadata for every model the library reads. Add a model here when it is
    /// added; <see cref="CallbellJson"/> makes it tolerant.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Contact))]
    [JsonSerializable(typeof(AuthenticatedUser))]
    [JsonSerializable(typeof(ApiStatus))]
    [JsonSerializable(typeof(PageMeta))]
    [JsonSerializable(typeof(CustomFieldMetadata))]
    internal sealed partial class CallbellJsonContext : JsonSerializerContext
    {
    }
}
