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
    [JsonSerializable(typeof(Channel))]
    [JsonSerializable(typeof(Team))]
    [JsonSerializable(typeof(TeamMember))]
    [JsonSerializable(typeof(Template))]
    [JsonSerializable(typeof(Funnel))]
    [JsonSerializable(typeof(CustomStatus))]
    [JsonSerializable(typeof(UserStatus))]
    [JsonSerializable(typeof(Plan))]
    [JsonSerializable(typeof(Message))]
    [JsonSerializable(typeof(Bot))]
    [JsonSerializable(typeof(MessageSendRequest))]
    [JsonSerializable(typeof(Webhook))]
    [JsonSerializable(typeof(WebhookEvent))]
    [JsonSerializable(typeof(Webhooks.MessageCreated))]
    [JsonSerializable(typeof(Webhooks.MessageStatusUpdated))]
    [JsonSerializable(typeof(Webhooks.ContactDeleted))]
    [JsonSerializable(typeof(Webhooks.ConversationChange))]
    [JsonSerializable(typeof(Webhooks.AgentSession))]
    [JsonSerializable(typeof(Webhooks.TeamMembershipChange))]
    internal sealed partial class CallbellJsonContext : JsonSerializerContext
    {
    }
}
