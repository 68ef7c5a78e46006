using System;

namespace Callbell
{
    /// <summary>
    /// The environment variables unattended runs (runbooks, CI jobs) use instead of Connect-Callbell.
    /// </summary>
    public static class CallbellEnvironment
    {
        public const string TokenVariable = "CALLBELL_API_TOKEN";
        public const string BaseUriVariable = "CALLBELL_BASE_URI";

        /// <summary>Options from the environment, or null when no token is set there.</summary>
        public static CallbellConnectionOptions? ReadOptions()
        {
            var token = Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(token))
            {
                return null;
            }

            var options = new CallbellConnectionOptions { Token = ApiToken.Parse(token, "$env:" + TokenVariable) };
            var baseUri = Environment.GetEnvironmentVariable(BaseUriVariable);
            if (!string.IsNullOrWhiteSpace(baseUri))
            {
                if (!Uri.TryCreate(baseUri!.Trim(), UriKind.Absolute, out var uri))
                {
                    throw CallbellException.InvalidArgument("$env:" + BaseUriVariable, "$env:" + BaseUriVariable + " is not an absolute URI.", "Set it to an address such as https://api.callbell.eu/v1, or remove it.");
                }

                options.BaseUri = BaseUriPolicy.Normalize(uri, "$env:" + BaseUriVariable);
            }

            return options;
        }

        public static CallbellException MissingToken() =>
            new CallbellException(
                CallbellErrorKind.Authentication,
                "Callbell.NoToken",
                "No Callbell API token: run Connect-Callbell first, or set $env:" + TokenVariable + ".")
            {
                RecommendedAction = ApiToken.TokenHelp,
            };
    }
}
