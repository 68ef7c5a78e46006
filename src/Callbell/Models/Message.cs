using System;

namespace Callbell
{
    /// <summary>A message in a contact's history (GET /contacts/{uuid}/messages). System notes may have no uuid.</summary>
    public sealed class Message : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Text { get; set; }

        /// <summary>sent, received or note.</summary>
        public string? Status { get; set; }

        public string? Channel { get; set; }

        public string? From { get; set; }

        public string? To { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>The contact whose history this is (set by the module: the API does not echo it).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? ContactUuid { get; internal set; }

        public override string ToString() => Text ?? string.Empty;
    }
}
