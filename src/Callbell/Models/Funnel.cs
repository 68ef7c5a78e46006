using System;

namespace Callbell
{
    /// <summary>A funnel (pipeline stage) conversations move through. Its uuid is a dashed GUID.</summary>
    public sealed class Funnel : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        public string? Emoji { get; set; }

        public int? Position { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
