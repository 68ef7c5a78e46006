using System;

namespace Callbell.Http
{
    internal enum IdentifierKind
    {
        /// <summary>A uuid, id or bsuid: letters, digits and - _ . only.</summary>
        Identifier,
        /// <summary>A phone number or platform id: digits with an optional leading + and separators.</summary>
        PhoneNumber,
    }

    /// <summary>
    /// Checks a value before it becomes a path segment. The rule is positive (what may appear),
    /// so "/", "?", "#", "%", "..", whitespace and control characters are refused by construction.
    /// </summary>
    internal static class Identifier
    {
        public const int MaxLength = 200;

        public static string Validate(string? value, string parameterName, IdentifierKind kind = IdentifierKind.Identifier)
        {
            if (value is null || value.Length == 0)
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " is empty.", "Pass a value, e.g. from the " + parameterName + " property of an object the module returned.");
            }

            if (value.Length > MaxLength)
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " is " + value.Length + " characters long; at most " + MaxLength + " are allowed.");
            }

            return kind == IdentifierKind.PhoneNumber ? ValidatePhone(value, parameterName) : ValidateIdentifier(value, parameterName);
        }

        /// <summary>
        /// One spelling per person for a phone number or a platform handle: a number's digits
        /// (separators and "+" dropped), a handle trimmed and in lower case ("@Alice" is "@alice").
        /// </summary>
        public static string Normalised(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return string.Empty;
            }

            var text = value!.Trim();
            foreach (var c in text)
            {
                if (char.IsLetter(c))
                {
                    return text.ToLowerInvariant();
                }
            }

            var digits = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (c >= '0' && c <= '9')
                {
                    digits.Append(c);
                }
            }

            return digits.Length > 0 ? digits.ToString() : text;
        }

        private static string ValidateIdentifier(string value, string parameterName)
        {
            foreach (var c in value)
            {
                var allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!allowed)
                {
                    throw CallbellException.InvalidArgument(
                        parameterName,
                        parameterName + " '" + Printable(value) + "' is not a Callbell identifier: it contains " + Describe(c) + ". Identifiers are letters, digits, '-', '_' and '.', like 414a6d692bd645ed803f2e7ce360d4c8.",
                        "Check the value; copy it from the " + parameterName + " property of an object the module returned.");
                }
            }

            if (value.Contains("..") || value == ".")
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " '" + Printable(value) + "' is not a Callbell identifier: it contains a '.' path step.");
            }

            return value;
        }

        private static string ValidatePhone(string value, string parameterName)
        {
            var digits = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c >= '0' && c <= '9')
                {
                    digits++;
                    continue;
                }

                var separator = c == ' ' || c == '-' || c == '(' || c == ')' || c == '.';
                if (!(separator || (c == '+' && i == 0)))
                {
                    throw CallbellException.InvalidArgument(
                        parameterName,
                        parameterName + " '" + Printable(value) + "' is not a phone number: it contains " + Describe(c) + ".",
                        "Use digits with an optional leading +, e.g. +393331234567.");
                }
            }

            if (digits == 0)
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " '" + Printable(value) + "' has no digits.", "Use digits with an optional leading +, e.g. +393331234567.");
            }

            return value;
        }

        private static string Describe(char c)
        {
            if (char.IsControl(c))
            {
                return "a control character (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + ")";
            }

            return char.IsWhiteSpace(c) ? "whitespace" : "'" + c + "'";
        }

        // Error messages must never echo control characters (CR/LF would forge log lines).
        internal static string Printable(string value)
        {
            var chars = value.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = '?';
                }
            }

            var text = new string(chars);
            return text.Length > 60 ? text.Substring(0, 60) + "…" : text;
        }
    }
}
