using System;

namespace Callbell
{
    /// <summary>A custom status agents can show ("In a meeting"). Its id is a dashed GUID; the emoji is not settable through the API.</summary>
    public sealed class CustomStatus : ApiObject
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Emoji { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        public override string ToString() => Name ?? Id ?? string.Empty;
    }
}
