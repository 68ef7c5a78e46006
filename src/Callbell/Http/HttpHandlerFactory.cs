using System;
using System.Net;
using System.Net.Http;

namespace Callbell.Http
{
    /// <summary>
    /// The handler under a connection's HttpClient. Redirects are never followed: following one
    /// to another host would hand it the Authorization header.
    /// </summary>
    internal static class HttpHandlerFactory
    {
        /// <summary>Enough sockets for every request a walk or a throttled pipeline keeps in flight.</summary>
        // Each request in flight needs a connection of its own (HTTP/1.1): as many as the most a
        // bulk command may keep in flight (adaptive: up to its cap), for two commands at once.
        private static int Connections(CallbellConnectionOptions options) =>
            Math.Max(8, Math.Max(options.Lookahead, options.ThrottleLimit > 0 ? options.ThrottleLimit : Bulk.AdaptiveConcurrency.DefaultMaximum) * 2);

        /// <summary>The proxy given, or null to let the runtime read the system's (environment variables, OS settings).</summary>
        private static IWebProxy? Proxy(CallbellConnectionOptions options) =>
            options.Proxy is null
                ? null
                : new WebProxy(options.Proxy)
                {
                    // A proxy named explicitly carries every request, local ones included: a
                    // corporate proxy is often the only way out, and tests run one on loopback.
                    BypassProxyOnLocal = false,
                    Credentials = ProxyCredentials(options),
                };

        private static ICredentials? ProxyCredentials(CallbellConnectionOptions options) =>
            options.ProxyCredential ?? (options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : null);

#if !NET8_0_OR_GREATER
        private static bool TrySetProtocols(HttpClientHandler handler, System.Security.Authentication.SslProtocols protocols)
        {
            try
            {
                handler.SslProtocols = protocols;
                return true;
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is ArgumentException)
            {
                // .NET Framework 4.7.x throws the base NotSupportedException for a protocol it does not know.
                return false;
            }
        }
#endif

        public static HttpMessageHandler Create(CallbellConnectionOptions options)
        {
#if NET8_0_OR_GREATER
            return new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
                ConnectTimeout = options.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = Connections(options),
                UseCookies = false,
                Proxy = Proxy(options),
                DefaultProxyCredentials = ProxyCredentials(options),
            };
#else
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
                Proxy = Proxy(options),
                DefaultProxyCredentials = ProxyCredentials(options),
            };

            // On .NET Framework these may be unsupported; the defaults then stand.
            try
            {
                // Windows PowerShell 5.1 otherwise allows two connections per host, starving lookahead.
                handler.MaxConnectionsPerServer = Connections(options);
            }
            catch (NotSupportedException)
            {
                // .NET Framework 4.7.x throws the base NotSupportedException, newer runtimes PlatformNotSupportedException.
            }

            // Older .NET Framework defaults may omit TLS 1.2, which the API requires. TLS 1.3
            // (12288) is unknown to .NET Framework 4.7.2: then TLS 1.2 alone, never the defaults.
            if (!TrySetProtocols(handler, System.Security.Authentication.SslProtocols.Tls12 | (System.Security.Authentication.SslProtocols)12288))
            {
                TrySetProtocols(handler, System.Security.Authentication.SslProtocols.Tls12);
            }

            // .NET Framework keeps a pooled connection, and the address it resolved, for as long
            // as it is used: a runbook running for hours would never see the API move. Each
            // connection is retired after five minutes, so DNS is asked again.
            if (System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                try
                {
                    ServicePointManager.FindServicePoint(options.BaseUri).ConnectionLeaseTimeout = (int)TimeSpan.FromMinutes(5).TotalMilliseconds;
                }
                catch (NotSupportedException)
                {
                    // Not a ServicePoint runtime after all.
                }
            }

            return handler;
#endif
        }
    }
}
