using System;
using System.Collections.Generic;

namespace Callbell.Sandbox.Data
{
    /// <summary>One generated contact: a pure function of its index, so a million cost no memory.</summary>
    public sealed class SandboxContact
    {
        public int Index { get; set; }

        public string Uuid { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string PhoneNumber { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public List<string> Tags { get; set; } = new List<string>();

        public string? AssignedUser { get; set; }

        /// <summary>Name → string, number (decimal) or string[] (checkbox), per <see cref="SandboxFields"/>.</summary>
        public Dictionary<string, object> CustomFields { get; set; } = new Dictionary<string, object>(StringComparer.Ordinal);

        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>0: ISO "Z", 1: ISO with fraction and offset, 2: "yyyy-MM-dd HH:mm:ss +0100" (all three occur in the reference).</summary>
        public int DateStyle { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public SandboxTeam? Team { get; set; }

        public SandboxChannel Channel { get; set; } = SandboxChannel.All[0];

        public string? Bsuid { get; set; }

        public string? Note { get; set; }

        public string? FunnelId { get; set; }

        /// <summary>bot_start or bot_end, as last set.</summary>
        public string? BotStatus { get; set; }

        /// <summary>A copy to change: the generated original stays as it was.</summary>
        public SandboxContact Clone()
        {
            var copy = (SandboxContact)MemberwiseClone();
            copy.Tags = new List<string>(Tags);
            copy.CustomFields = new Dictionary<string, object>(CustomFields, StringComparer.Ordinal);
            return copy;
        }
    }

    /// <summary>The account's custom field definitions: writes are checked against their types.</summary>
    public static class SandboxFields
    {
        public static readonly IReadOnlyDictionary<string, (string Type, string[]? Options)> All = new Dictionary<string, (string, string[]?)>(StringComparer.Ordinal)
        {
            ["Plan"] = ("dropdown", ContactGenerator.Plans),
            ["Seats"] = ("number", null),
            ["Interests"] = ("checkbox", ContactGenerator.InterestOptions),
            ["Company"] = ("text", null),
            ["Billing Email"] = ("email", null),
            ["Renewal"] = ("date", null),
        };
    }

    public sealed class SandboxTeam
    {
        public static readonly SandboxTeam[] All =
        {
            new SandboxTeam("5ad5bd8e7b9c4c4f8a1e0d3f2b6a7c81", "Sales", true),
            new SandboxTeam("9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c", "Support", false),
            new SandboxTeam("0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", "Billing", false),
        };

        public SandboxTeam(string uuid, string name, bool isDefault)
        {
            Uuid = uuid;
            Name = name;
            Default = isDefault;
        }

        public string Uuid { get; }

        public string Name { get; }

        public bool Default { get; }
    }

    public sealed class SandboxChannel
    {
        public static readonly SandboxChannel[] All =
        {
            new SandboxChannel("b1a2c3d4e5f60718293a4b5c6d7e8f90", "WhatsApp Main", "whatsapp"),
            new SandboxChannel("c2b3d4e5f6a7081928374a5b6c7d8e9f", "Instagram Shop", "instagram"),
            new SandboxChannel("d3c4e5f6a7b8091a2b3c4d5e6f708192", "Facebook Page", "facebook"),
            new SandboxChannel("e4d5f6a7b8c9001a2b3c4d5e6f708193", "Telegram Bot", "telegram"),
        };

        public SandboxChannel(string uuid, string title, string type)
        {
            Uuid = uuid;
            Title = title;
            Type = type;
        }

        public string Uuid { get; }

        public string Title { get; }

        public string Type { get; }
    }
}
