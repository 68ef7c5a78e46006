using System;
using System.Collections.Generic;
using System.Globalization;

namespace Callbell.Sandbox.Data
{
    /// <summary>
    /// Deterministic contacts: contact i is the same in every run and every process, so tests
    /// can compute what they expect. Uuids end in the index as hex, which makes lookups O(1).
    /// </summary>
    public static class ContactGenerator
    {
        public static readonly string[] TagNames = { "lead", "vip", "customer", "newsletter", "churned" };
        public static readonly string[] Plans = { "Free", "Gold", "Platinum" };
        public static readonly string[] InterestOptions = { "Pricing", "Support", "Integrations" };
        public static readonly string[] Agents = { "anna@sandbox.callbell.local", "marco@sandbox.callbell.local", "li@sandbox.callbell.local" };

        private static readonly string[] FirstNames = { "Anna", "Marco", "Giulia", "Luca", "Sofia", "Matteo", "Chiara", "Davide", "Elena", "Paolo", "Sara", "Yusuf", "Mei", "Olga", "Tomás", "Zoë" };
        private static readonly string[] LastNames = { "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Gallo", "Costa", "Fontana", "Conti", "Ricci", "Bruno", "De Luca", "Moretti", "Lombardi", "Barbieri", "Greco", "Novak", "Tanaka" };
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);

        public static SandboxContact Create(int index)
        {
            var mix = Mix((ulong)index);
            var sourceSlot = index % 10;
            var channel = sourceSlot < 6 ? SandboxChannel.All[0] : sourceSlot < 8 ? SandboxChannel.All[1] : sourceSlot < 9 ? SandboxChannel.All[2] : SandboxChannel.All[3];
            var tags = new List<string>(3);
            for (var t = 0; t < TagNames.Length; t++)
            {
                if (((mix >> (t * 4)) & 3) == 0)
                {
                    tags.Add(TagNames[t]);
                }
            }

            return new SandboxContact
            {
                Index = index,
                Uuid = UuidFor(index),
                Name = FirstNames[index % FirstNames.Length] + " " + LastNames[(index / FirstNames.Length) % LastNames.Length],
                PhoneNumber = StoredPhoneFor(index),
                Source = channel.Type,
                Channel = channel,
                Tags = tags,
                AssignedUser = index % 4 == 3 ? null : Agents[index % Agents.Length],
                CustomFields = Fields(index, mix),
                CreatedAt = Epoch.AddMinutes(index * 7L),
                DateStyle = index % 3,
                ClosedAt = index % 4 == 0 ? Epoch.AddMinutes((index * 7L) + 90) : (DateTimeOffset?)null,
                Team = index % 7 == 6 ? null : SandboxTeam.All[index % SandboxTeam.All.Length],
                Bsuid = index % 2 == 0 ? BsuidFor(index) : null,
                Note = index % 5 == 0 ? "Prefers e-mail; contact #" + index.ToString(CultureInfo.InvariantCulture) : null,
                FunnelId = index % 6 == 0 ? "0d6041a2-8b88-49ec-a99b-a88a078a16c1" : null,
            };
        }

        private static Dictionary<string, object> Fields(int index, ulong mix)
        {
            var fields = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["Plan"] = Plans[(int)((mix >> 24) % (ulong)Plans.Length)],
                ["Seats"] = (decimal)((mix >> 32) % 50),
            };
            if (index % 3 == 0)
            {
                fields["Interests"] = new[] { InterestOptions[index % 2], InterestOptions[2] };
            }

            return fields;
        }

        public static string UuidFor(int index) =>
            (Mix((ulong)index) & 0xffffffffffffUL).ToString("x12", CultureInfo.InvariantCulture) + "4" + ((ulong)index).ToString("x19", CultureInfo.InvariantCulture);

        public static string PhoneFor(int index) => "+39333" + index.ToString("D7", CultureInfo.InvariantCulture);

        /// <summary>
        /// The number as the account holds it: a real account holds numbers in more than one form,
        /// as each channel or import wrote them ("+393330000003", "+39 333 000 0004",
        /// "393330000005"); the lookup by digits finds each.
        /// </summary>
        public static string StoredPhoneFor(int index)
        {
            var number = index.ToString("D7", CultureInfo.InvariantCulture);
            switch (index % 3)
            {
                case 1: return "+39 333 " + number.Substring(0, 3) + " " + number.Substring(3);
                case 2: return "39333" + number;
                default: return PhoneFor(index);
            }
        }

        public static string BsuidFor(int index) => "IT." + (4000000000L + index).ToString(CultureInfo.InvariantCulture);

        /// <summary>The index behind a uuid, or -1 if the uuid is not one the generator made.</summary>
        public static int IndexOfUuid(string uuid)
        {
            if (uuid.Length != 32 || !ulong.TryParse(uuid.Substring(13), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var index) || index > int.MaxValue)
            {
                return -1;
            }

            return UuidFor((int)index) == uuid ? (int)index : -1;
        }

        public static int IndexOfPhone(string phone)
        {
            var digits = phone.Replace(" ", string.Empty).Replace("-", string.Empty);
            if (!digits.StartsWith("+39333", StringComparison.Ordinal) && !digits.StartsWith("39333", StringComparison.Ordinal))
            {
                return -1;
            }

            var rest = digits.Substring(digits.IndexOf("333", StringComparison.Ordinal) + 3);
            return rest.Length == 7 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
        }

        public static int IndexOfBsuid(string bsuid)
        {
            if (!bsuid.StartsWith("IT.", StringComparison.Ordinal) || !long.TryParse(bsuid.Substring(3), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return -1;
            }

            var index = number - 4000000000L;
            return index >= 0 && index % 2 == 0 && index <= int.MaxValue ? (int)index : -1;
        }

        // SplitMix64: cheap, well-spread, and the same on every platform.
        private static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
