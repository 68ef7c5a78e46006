using System;

namespace Callbell
{
    /// <summary>
    /// A Callbell API token. It is validated once (so it can never smuggle a header line) and
    /// only <see cref="Reveal"/> hands out the secret, to the code that writes the Authorization
    /// header. Every other view of it, ToString included, is masked.
    /// </summary>
    public sealed class ApiToken
    {
        private const int MaxLength = 512;
        private readonly string _value;

        private ApiToken(string value)
        {
            _value = value;
        }

        /// <summary>The token with all but its first and last few characters hidden.</summary>
        public string Masked => Mask(_value);

        public static ApiToken Parse(string? value, string parameterName = "Token")
        {
            if (string.IsNullOrEmpty(value))
            {
                throw CallbellException.InvalidArgument(parameterName, "The Callbell API token in " + parameterName + " is empty.", TokenHelp);
            }

            var text = value!.Trim();
            if (text.Length == 0 || text.Length > MaxLength)
            {
                throw CallbellException.InvalidArgument(parameterName, "The Callbell API token in " + parameterName + " must be 1 to " + MaxLength + " characters long.", TokenHelp);
            }

            foreach (var c in text)
            {
                // Control characters (CR, LF above all) would let a token inject header lines.
                if (char.IsControl(c) || char.IsWhiteSpace(c) || c > '~')
                {
                    throw CallbellException.InvalidArgument(
                        parameterName,
                        "The Callbell API token in " + parameterName + " contains a space, a control character or a non-ASCII character. Tokens are plain ASCII, like test_gshuPaZoeEG6ovbc8M79w0QyM.",
                        TokenHelp);
                }
            }

            return new ApiToken(text);
        }

        /// <summary>
        /// Names the account without revealing the token: a SHA-256 of it, so objects read through
        /// one connection can tell whether another connection is the same account.
        /// </summary>
        internal string Fingerprint()
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(_value));
            return BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty);
        }

        /// <summary>The secret itself. Call only to build the Authorization header.</summary>
        internal string Reveal() => _value;

        /// <summary>Replaces every occurrence of the token in <paramref name="text"/>.</summary>
        public string Redact(string text) =>
            string.IsNullOrEmpty(text) ? text : text.Replace(_value, Masked);

        public override string ToString() => Masked;

        public override bool Equals(object? obj) => obj is ApiToken other && string.Equals(_value, other._value, StringComparison.Ordinal);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

        private static string Mask(string value)
        {
            if (value.Length < 12)
            {
                return new string('*', 8);
            }

            var prefix = value.StartsWith("test_", StringComparison.Ordinal) ? "test_" : value.Substring(0, 2);
            return prefix + "****" + value.Substring(value.Length - 4);
        }

        internal const string TokenHelp =
            "Pass -Token (a SecureString, e.g. (Read-Host -AsSecureString)) to Connect-Callbell, or set $env:CALLBELL_API_TOKEN. Tokens are created in the Callbell dashboard under API Settings > Keys.";
    }
}
