using System;
using System.Net;

namespace Callbell
{
    /// <summary>
    /// Decides which base URIs a token may be sent to: https anywhere, plain http only to this
    /// machine (the sandbox), never with user info, query or fragment.
    /// </summary>
    internal static class BaseUriPolicy
    {
        public static readonly Uri Default = new Uri("https://api.callbell.eu/v1/");

        /// <summary>Validates <paramref name="value"/> and returns it with a trailing slash.</summary>
        public static Uri Normalize(Uri? value, string parameterName = "BaseUri")
        {
            if (value is null)
            {
                return Default;
            }

            if (!value.IsAbsoluteUri)
            {
                throw CallbellException.InvalidArgument(parameterName, "BaseUri '" + value.OriginalString + "' is not an absolute URI.", "Use a full address such as https://api.callbell.eu/v1.");
            }

            if (!string.IsNullOrEmpty(value.UserInfo))
            {
                throw CallbellException.InvalidArgument(parameterName, "BaseUri must not contain user information (user:password@).", "Pass the token with -Token, never inside the URI.");
            }

            if (!string.IsNullOrEmpty(value.Query) || !string.IsNullOrEmpty(value.Fragment))
            {
                throw CallbellException.InvalidArgument(parameterName, "BaseUri must not contain a query string or fragment.", "Use a base address such as https://api.callbell.eu/v1.");
            }

            var isHttps = value.Scheme == Uri.UriSchemeHttps;
            var isLoopbackHttp = value.Scheme == Uri.UriSchemeHttp && IsLoopback(value);
            if (!isHttps && !isLoopbackHttp)
            {
                throw CallbellException.InvalidArgument(
                    parameterName,
                    "BaseUri '" + value.GetLeftPart(UriPartial.Authority) + "' is refused: the token would travel unencrypted. Only https is allowed, except to this machine (127.0.0.1, ::1, localhost).",
                    "Use an https:// address.");
            }

            var text = value.GetLeftPart(UriPartial.Path);
            return new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
        }

        private static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }

            return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
