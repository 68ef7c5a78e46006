using System.Text.Json.Serialization;
using Callbell.Contacts;

namespace Callbell.Json
{
    /// <summary>
    /// Source-generated metadata for every type the library reads or writes: no reflection
    /// warm-up on first use, which keeps Import-Module and the first request fast.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(ContactEnvelope))]
    [JsonSerializable(typeof(ContactListEnvelope))]
    [JsonSerializable(typeof(AuthenticatedUser))]
    internal sealed partial class CallbellJsonContext : JsonSerializerContext
    {
    }
}
