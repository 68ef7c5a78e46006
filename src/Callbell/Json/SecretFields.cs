using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Text.RegularExpressions;

namespace Callbell.Json
{
    /// <summary>
    /// Response fields that hold secrets (GET /auth/me answers with the account's api_key): masked
    /// wherever the module hands a response on as it came (Invoke-CallbellRequest, -Raw, -Debug),
    /// so a runbook's transcript never keeps one.
    /// </summary>
    internal static class SecretFields
    {
        public const string Mask = "********";

        private static readonly string[] Names = { "api_key", "apiKey", "access_token" };

        private static readonly Regex InText = new Regex(
            "(\"(?:" + string.Join("|", Names.Select(Regex.Escape)) + ")\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static bool IsSecret(string name) => Names.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Masks secret fields at every level of plain values (dictionaries and arrays), in place.</summary>
        public static object? MaskValues(object? value)
        {
            switch (value)
            {
                case OrderedDictionary map:
                    foreach (var key in map.Keys.Cast<object>().ToArray())
                    {
                        map[key] = key is string name && IsSecret(name) && map[key] is string ? Mask : MaskValues(map[key]);
                    }

                    return map;
                case object?[] items:
                    for (var i = 0; i < items.Length; i++)
                    {
                        items[i] = MaskValues(items[i]);
                    }

                    return items;
                default:
                    return value;
            }
        }

        /// <summary>Masks the string values of secret fields in JSON text.</summary>
        public static string MaskText(string json) => InText.Replace(json, "$1\"" + Mask + "\"");
    }
}
