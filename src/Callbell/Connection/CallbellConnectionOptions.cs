using System;
using System.Net;

namespace Callbell
{
    /// <summary>
    /// Everything a connection can be told. Defaults suit an unattended runbook against the real
    /// service; <see cref="CallbellConnection"/> validates and copies them when it is created.
    /// </summary>
    public sealed class CallbellConnectionOptions
    {
        public ApiToken? Token { get; set; }

        /// <summary>Defaults to https://api.callbell.eu/v1.</summary>
        public Uri BaseUri { get; set; } = BaseUriPolicy.Default;

        /// <summary>How long one attempt may take, body included. Default 100 s.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>Attempts per request, the first included. Default 5.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>The longest a request may spend waiting between its attempts, summed. Default 2 min.</summary>
        public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>First backoff step; it doubles with each attempt (with jitter). Default 0.5 s.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>No single backoff wait is longer. Default 30 s.</summary>
        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Page requests a walk keeps in flight at once. 1 is plain sequential. Default 4.</summary>
        public int Lookahead { get; set; } = 4;

        /// <summary>
        /// The most items a cmdlet keeps in flight for pipeline input. 0 (the default) adapts to
        /// the budget and the latency, up to 256 (see <see cref="Bulk.AdaptiveConcurrency"/>); a
        /// number caps the adaptation.
        /// </summary>
        public int ThrottleLimit { get; set; }

        /// <summary>
        /// The country of phone numbers written without a country code ("333 765 4321"): an ISO
        /// region such as IT, or a calling code such as 39. Null (the default): such a number is
        /// refused where it would identify a person (a contact to create, a journal key).
        /// </summary>
        public string? DefaultCountryCode { get; set; }

        /// <summary>The account's request budget, shared by every connection to it in the process. Default 300.</summary>
        public int RequestsPerSecond { get; set; } = 300;

        /// <summary>Responses larger than this are refused. Default 64 MiB.</summary>
        public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>
        /// The proxy every request goes through. Null (the default) leaves it to the system:
        /// HTTPS_PROXY, HTTP_PROXY and NO_PROXY, or the operating system's settings.
        /// </summary>
        public Uri? Proxy { get; set; }

        /// <summary>Credentials for the proxy (the one given, or the system's), for proxies that answer 407.</summary>
        public NetworkCredential? ProxyCredential { get; set; }

        /// <summary>Gives the proxy the logged-on user's Windows credentials (NTLM, Kerberos).</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>
        /// Lets a webhook be registered at a local URL. Callbell itself cannot reach one, so this
        /// is only for an emulator on this machine that delivers there (Start-CallbellSandbox sets it).
        /// </summary>
        public bool AllowLocalWebhookUrls { get; set; }

        /// <summary>
        /// Whether a local webhook URL can be reached: when allowed, or when the API itself is
        /// served from this machine (an emulator such as the command-line sandbox, which delivers
        /// there); the real service, far away, never can.
        /// </summary>
        internal bool LocalWebhooksReachable => AllowLocalWebhookUrls || BaseUri.IsLoopback;

        /// <summary>Requests whose URL would be longer are refused before sending. Default 8,000.</summary>
        public int MaxUrlLength { get; set; } = 8000;

        public CallbellConnectionOptions Clone() => (CallbellConnectionOptions)MemberwiseClone();

        /// <summary>Every setting, compared by value: two options with the same identity may share a connection.</summary>
        internal ConnectionIdentity Identity() => new ConnectionIdentity(this);

        internal void Validate()
        {
            if (Token is null)
            {
                throw CallbellEnvironment.MissingToken();
            }

            BaseUri = BaseUriPolicy.Normalize(BaseUri);
            Require(Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromHours(1), nameof(Timeout), "Timeout must be between 0 and 1 hour.");
            Require(MaxAttempts >= 1 && MaxAttempts <= 20, nameof(MaxAttempts), "MaxAttempts must be 1 to 20.");
            Require(MaxRetryWait >= TimeSpan.Zero, nameof(MaxRetryWait), "MaxRetryWait must not be negative.");
            Require(RetryBaseDelay >= TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay, nameof(RetryBaseDelay), "RetryBaseDelay must be between 0 and RetryMaxDelay.");
            Require(Lookahead >= 1 && Lookahead <= 32, nameof(Lookahead), "Lookahead must be 1 to 32.");
            Require(ThrottleLimit >= 0 && ThrottleLimit <= 1024, nameof(ThrottleLimit), "ThrottleLimit must be 1 to 1024 (0: adapt, up to 256).");
            Require(RequestsPerSecond >= 1 && RequestsPerSecond <= 10000, nameof(RequestsPerSecond), "RequestsPerSecond must be 1 to 10,000.");
            Require(MaxResponseBytes >= 1024, nameof(MaxResponseBytes), "MaxResponseBytes must be at least 1 KiB.");
            Require(Proxy is null || (Proxy.IsAbsoluteUri && (Proxy.Scheme == "http" || Proxy.Scheme == "https") && Proxy.UserInfo.Length == 0), nameof(Proxy), "Proxy must be an http:// or https:// address such as http://proxy.example:8080, with any user name in ProxyCredential rather than in the address.");
            Require(ProxyCredential is null || !ProxyUseDefaultCredentials, nameof(ProxyCredential), "ProxyCredential and ProxyUseDefaultCredentials cannot be used together: give one or the other.");
            Require(MaxUrlLength >= 256, nameof(MaxUrlLength), "MaxUrlLength must be at least 256.");
        }

        private static void Require(bool condition, string parameter, string message)
        {
            if (!condition)
            {
                throw CallbellException.InvalidArgument(parameter, message);
            }
        }
    }
}
