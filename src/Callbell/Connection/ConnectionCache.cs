using System;
using System.Collections.Concurrent;

namespace Callbell
{
    /// <summary>
    /// Reuses one connection (one HttpClient, its pooled sockets) for identical settings, so a
    /// runbook that calls a cmdlet per item does not open a new connection per call.
    /// </summary>
    public static class ConnectionCache
    {
        private static readonly ConcurrentDictionary<object, Lazy<CallbellConnection>> Connections = new ConcurrentDictionary<object, Lazy<CallbellConnection>>();

        public static CallbellConnection GetOrCreate(CallbellConnectionOptions options)
        {
            var settings = options.Clone();
            settings.Validate();
            return Connections.GetOrAdd(settings.Identity(), _ => new Lazy<CallbellConnection>(() => new CallbellConnection(settings))).Value;
        }

        /// <summary>The connection for $env:CALLBELL_API_TOKEN (and $env:CALLBELL_BASE_URI), or null when unset.</summary>
        public static CallbellConnection? FromEnvironment()
        {
            var options = CallbellEnvironment.ReadOptions();
            return options is null ? null : GetOrCreate(options);
        }

        /// <summary>
        /// The connection a command should use: the session's (Connect-Callbell), else the
        /// environment's (runbooks), else an error that says how to provide a token.
        /// </summary>
        public static CallbellConnection Resolve(CallbellConnection? session) =>
            session ?? FromEnvironment() ?? throw CallbellEnvironment.MissingToken();
    }
}
