using System;
using System.Globalization;
using System.Net;

namespace Callbell
{
    /// <summary>
    /// The environment variables unattended runs (runbooks, CI jobs, scheduled tasks) use instead
    /// of Connect-Callbell's parameters: the token, and one variable per connection setting.
    /// Connect-Callbell reads the settings too, its own parameters winning.
    /// </summary>
    internal static class CallbellEnvironment
    {
        public const string TokenVariable = "CALLBELL_API_TOKEN";
        public const string BaseUriVariable = "CALLBELL_BASE_URI";
        public const string TimeoutVariable = "CALLBELL_TIMEOUT_SEC";
        public const string RetryVariable = "CALLBELL_MAXIMUM_RETRY_COUNT";
        public const string LookaheadVariable = "CALLBELL_LOOKAHEAD";
        public const string ThrottleVariable = "CALLBELL_THROTTLE_LIMIT";
        public const string RateVariable = "CALLBELL_REQUESTS_PER_SECOND";
        public const string MaxResponseVariable = "CALLBELL_MAX_RESPONSE_BYTES";
        public const string ProxyVariable = "CALLBELL_PROXY";
        public const string CountryVariable = "CALLBELL_DEFAULT_COUNTRY_CODE";

        /// <summary>Options from the environment, or null when no token is set there.</summary>
        public static CallbellConnectionOptions? ReadOptions()
        {
            var token = Read(TokenVariable);
            if (token is null)
            {
                return null;
            }

            var options = new CallbellConnectionOptions { Token = ApiToken.Parse(token, "$env:" + TokenVariable) };
            ApplySettings(options);
            return options;
        }

        /// <summary>Sets every option whose variable is set; a value that cannot be read is an error naming the variable.</summary>
        public static void ApplySettings(CallbellConnectionOptions options)
        {
            var baseUri = Read(BaseUriVariable);
            if (baseUri != null)
            {
                options.BaseUri = BaseUriPolicy.Normalize(Address(BaseUriVariable, baseUri, "https://api.callbell.eu/v1"), "$env:" + BaseUriVariable);
            }

            var timeout = Number(TimeoutVariable, 1, 3600);
            if (timeout.HasValue)
            {
                options.Timeout = TimeSpan.FromSeconds(timeout.Value);
            }

            var retries = Number(RetryVariable, 0, 19);
            if (retries.HasValue)
            {
                options.MaxAttempts = (int)retries.Value + 1;
            }

            var lookahead = Number(LookaheadVariable, 1, 32);
            if (lookahead.HasValue)
            {
                options.Lookahead = (int)lookahead.Value;
            }

            var throttle = Number(ThrottleVariable, 1, 1024);
            if (throttle.HasValue)
            {
                options.ThrottleLimit = (int)throttle.Value;
            }

            var rate = Number(RateVariable, 1, 10000);
            if (rate.HasValue)
            {
                options.RequestsPerSecond = (int)rate.Value;
            }

            var maxResponse = Number(MaxResponseVariable, 1024, long.MaxValue);
            if (maxResponse.HasValue)
            {
                options.MaxResponseBytes = maxResponse.Value;
            }

            var country = Read(CountryVariable);
            if (country != null)
            {
                options.DefaultCountryCode = Country("$env:" + CountryVariable, country);
            }

            var proxy = Read(ProxyVariable);
            if (proxy != null)
            {
                var (address, credential) = SplitProxy(Address(ProxyVariable, proxy, "http://proxy.example:8080"));
                options.Proxy = address;
                options.ProxyCredential ??= credential;
            }
        }

        /// <summary>A default country for phone numbers, checked before any request (this loads the phone-number library, only when one is given).</summary>
        public static string Country(string source, string value)
        {
            try
            {
                Contacts.PhoneNumberIdentity.Region(value);
                return value.Trim();
            }
            catch (CallbellException)
            {
                throw CallbellException.InvalidArgument(source, source + " '" + Http.Identifier.Printable(value) + "' is not a country.", "Give a region such as IT or a calling code such as 39.");
            }
        }

        /// <summary>
        /// A proxy address as environment variables often hold it (http://user:password@host:port):
        /// the address without the user, and the user as a credential.
        /// </summary>
        public static (Uri Address, NetworkCredential? Credential) SplitProxy(Uri proxy)
        {
            if (proxy.UserInfo.Length == 0)
            {
                return (proxy, null);
            }

            var parts = proxy.UserInfo.Split(new[] { ':' }, 2);
            var credential = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            var address = new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;
            return (address, credential);
        }

        public static CallbellException MissingToken() =>
            new CallbellException(
                CallbellErrorKind.Authentication,
                "Callbell.NoToken",
                "No Callbell API token: run Connect-Callbell first, or set $env:" + TokenVariable + ".")
            {
                RecommendedAction = ApiToken.TokenHelp,
            };

        private static string? Read(string variable)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        /// <summary>A setting as an error may quote it: whatever stands before an "@" (a proxy's user and password) is masked, and control characters too.</summary>
        internal static string WithoutUserInfo(string value) =>
            Http.Identifier.Printable(System.Text.RegularExpressions.Regex.Replace(value, "^([A-Za-z][A-Za-z0-9+.-]*:/*)?[^/?#]*@", "$1***@"));

        private static Uri Address(string variable, string value, string example)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                throw CallbellException.InvalidArgument("$env:" + variable, "$env:" + variable + " ('" + WithoutUserInfo(value) + "') is not an absolute URI.", "Set it to an address such as " + example + ", or remove it.");
            }

            return uri;
        }

        private static long? Number(string variable, long min, long max)
        {
            var value = Read(variable);
            if (value is null)
            {
                return null;
            }

            if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                throw CallbellException.InvalidArgument(
                    "$env:" + variable,
                    "$env:" + variable + " ('" + value + "') must be a whole number from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ".",
                    "Fix the value, or remove the variable to use the default.");
            }

            return number;
        }
    }
}
