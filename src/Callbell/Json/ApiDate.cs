using System;
using System.Globalization;

namespace Callbell.Json
{
    /// <summary>
    /// Reads the date spellings the API uses: ISO 8601 ("2020-11-13T21:08:53Z",
    /// "2024-11-22T21:29:43.311+01:00"), "2024-11-22 21:29:43 +0100", "… UTC", and Unix seconds.
    /// Never throws: an unreadable date is null, and the caller keeps the raw text.
    /// </summary>
    public static class ApiDate
    {
        private static readonly string[] SpacedFormats =
        {
            "yyyy-MM-dd HH:mm:ss zzz",
            "yyyy-MM-dd HH:mm:ss.FFFFFFF zzz",
            "yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        };

        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var value = text!.Trim();
            if (IsAllDigits(value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                return epoch > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            }

            if (value.Length >= 10 && value.Length <= 40 && value[4] == '-' && value[7] == '-')
            {
                if (value.Length > 10 && value[10] == ' ')
                {
                    return ParseSpaced(value);
                }

                if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                {
                    return iso;
                }
            }

            return null;
        }

        private static DateTimeOffset? ParseSpaced(string value)
        {
            if (value.EndsWith(" UTC", StringComparison.Ordinal))
            {
                value = value.Substring(0, value.Length - 4) + " +00:00";
            }

            // "+0100" → "+01:00", the only offset spelling .NET's zzz reads.
            var n = value.Length;
            if (n > 6 && (value[n - 5] == '+' || value[n - 5] == '-') && value[n - 6] == ' ' && IsAllDigits(value.Substring(n - 4)))
            {
                value = value.Substring(0, n - 2) + ":" + value.Substring(n - 2);
            }

            return DateTimeOffset.TryParseExact(value, SpacedFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
        }

        private static bool IsAllDigits(string value)
        {
            foreach (var c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return value.Length > 0;
        }
    }
}
