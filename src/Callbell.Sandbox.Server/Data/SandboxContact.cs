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

        public string Plan { get; set; } = string.Empty;

        public int Seats { get; set; }

        public string[]? Interests { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>0: ISO "Z", 1: ISO with fraction and offset, 2: "yyyy-MM-dd HH:mm:ss +0100" (all three occur in the reference).</summary>
        public int DateStyle { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public SandboxTeam? Team { get; set; }

        public SandboxChannel Channel { get; set; } = SandboxChannel.All[0];

        public string? Bsuid { get; set; }

        public string? Note { get; set; }

        public string? FunnelId { get; set; }
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
