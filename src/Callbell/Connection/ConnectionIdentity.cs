using System;
using System.Globalization;
using System.Text;

namespace Callbell
{
    /// <summary>
    /// What makes two settings the same connection (see <see cref="ConnectionCache"/>): every
    /// setting, by value. The proxy's credentials by value too: each read of $env:CALLBELL_PROXY
    /// makes a new NetworkCredential, and comparing those by reference made every command a new
    /// connection that closed the one before under commands still using it. The secrets (the
    /// token, the proxy's password) are compared, never written into the text.
    /// </summary>
    internal sealed class ConnectionIdentity : IEquatable<ConnectionIdentity>
    {
        private readonly string _settings;
        private readonly ApiToken? _token;
        private readonly string? _proxyPassword;

        public ConnectionIdentity(CallbellConnectionOptions options)
        {
            var proxyCredential = options.ProxyCredential;
            var text = new StringBuilder();
            foreach (var value in new object?[]
            {
                options.BaseUri.AbsoluteUri, options.Timeout.Ticks, options.MaxAttempts, options.MaxRetryWait.Ticks, options.RetryBaseDelay.Ticks,
                options.RetryMaxDelay.Ticks, options.Lookahead, options.RequestsPerSecond, options.MaxResponseBytes, options.MaxUrlLength,
                options.ThrottleLimit, options.Proxy?.AbsoluteUri, proxyCredential?.UserName, proxyCredential?.Domain,
                options.ProxyUseDefaultCredentials, options.AllowLocalWebhookUrls, options.DefaultCountryCode,
            })
            {
                // Each value prefixed by its length, so no value can pass for two.
                var part = value is null ? "-" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                text.Append(part.Length).Append(':').Append(part);
            }

            _settings = text.ToString();
            _token = options.Token;
            _proxyPassword = proxyCredential?.Password;
        }

        public bool Equals(ConnectionIdentity? other) =>
            other != null && _settings == other._settings && Equals(_token, other._token) && _proxyPassword == other._proxyPassword;

        public override bool Equals(object? obj) => Equals(obj as ConnectionIdentity);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_settings) ^ (_token?.GetHashCode() ?? 0);
    }
}
