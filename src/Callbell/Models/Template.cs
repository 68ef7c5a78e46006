using System;

namespace Callbell
{
    /// <summary>A WhatsApp message template.</summary>
    public sealed class Template : ApiObject
    {
        public string? Uuid { get; set; }

        public string? Title { get; set; }

        /// <summary>The body, with {{1}}-style variables.</summary>
        public string? Text { get; set; }

        /// <summary>text, image, video or document.</summary>
        public string? TemplateType { get; set; }

        /// <summary>MARKETING or UTILITY.</summary>
        public string? Category { get; set; }

        /// <summary>approved, pending, rejected, failed, paused, deactivated, deleted, disabled, in_appeal, limit_exceeded or pending_deletion.</summary>
        public string? Status { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public override string ToString() => Title ?? Uuid ?? string.Empty;
    }
}
