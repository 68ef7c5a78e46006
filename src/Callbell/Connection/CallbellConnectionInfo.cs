using System;

namespace Callbell
{
    /// <summary>
    /// What Get-CallbellConnection shows: who is connected, where, and how. The token appears
    /// only masked; the connection behind it is internal (the module's cmdlets use it), so
    /// nothing a user can reach here reveals the token.
    /// </summary>
    public sealed class CallbellConnectionInfo
    {
        public CallbellConnectionInfo(CallbellConnection connection, AuthenticatedUser? user, string source)
        {
            Connection = connection;
            UserName = user?.Name;
            UserEmail = user?.Email;
            BaseUri = connection.BaseUri;
            Token = connection.Token.Masked;
            Source = source;
            Validated = user != null;
            ConnectedAt = DateTimeOffset.Now;
        }

        public string? UserName { get; }

        public string? UserEmail { get; }

        public Uri BaseUri { get; }

        /// <summary>The token, masked: "test_****0wQyM".</summary>
        public string Token { get; }

        /// <summary>"Connect-Callbell" or "$env:CALLBELL_API_TOKEN".</summary>
        public string Source { get; }

        /// <summary>Whether GET /auth/me accepted the token when connecting.</summary>
        public bool Validated { get; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Whether cmdlets without -Connection use this one: the latest connected in its session.</summary>
        public bool IsDefault { get; internal set; }

        /// <summary>The proxy requests go through; null when the system's proxy settings decide.</summary>
        public Uri? Proxy => Connection.Options.Proxy;

        /// <summary>Retries after the first attempt.</summary>
        public int MaximumRetryCount => Connection.Options.MaxAttempts - 1;

        public TimeSpan Timeout => Connection.Options.Timeout;

        public int Lookahead => Connection.Options.Lookahead;

        /// <summary>The account's budget in force: the smallest any live connection to it in this process asked for.</summary>
        public int RequestsPerSecond => Connection.Limiter.RequestsPerSecond;

        /// <summary>The cap on pipeline items in flight; 0 adapts up to 256.</summary>
        public int ThrottleLimit => Connection.Options.ThrottleLimit;

        internal CallbellConnection Connection { get; }

        public override string ToString() => (UserEmail ?? "(not validated)") + " at " + BaseUri.AbsoluteUri;
    }
}
