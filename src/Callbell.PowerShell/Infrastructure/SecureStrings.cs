using System.Net;
using System.Security;

namespace Callbell.PowerShell.Infrastructure
{
    internal static class SecureStrings
    {
        /// <summary>The plain text, for the one moment the token is parsed into an ApiToken.</summary>
        public static string Reveal(SecureString value) => new NetworkCredential(string.Empty, value).Password;
    }
}
