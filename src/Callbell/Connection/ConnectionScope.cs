using System;

namespace Callbell
{
    /// <summary>
    /// The connections one PowerShell runspace holds: the one Connect-Callbell made, and the one
    /// $env:CALLBELL_API_TOKEN gives runbooks that never connect. Each is a reference to a
    /// shared connection (<see cref="ConnectionCache"/>), given back when it is replaced or on
    /// <see cref="Disconnect"/>.
    /// </summary>
    public sealed class ConnectionScope
    {
        private readonly object _gate = new object();
        private CallbellConnectionInfo? _session;
        private CallbellConnection? _environment;

        /// <summary>The connection Connect-Callbell (or Start-CallbellSandbox) made, if any.</summary>
        public CallbellConnectionInfo? Session
        {
            get
            {
                lock (_gate)
                {
                    return _session;
                }
            }
        }

        /// <summary>Makes <paramref name="info"/> this scope's connection; it must hold a reference from <see cref="ConnectionCache.Acquire"/>.</summary>
        public void Connect(CallbellConnectionInfo info)
        {
            CallbellConnection? previous;
            lock (_gate)
            {
                previous = _session?.Connection;
                _session = info;
            }

            ConnectionCache.Release(previous);
        }

        /// <summary>Forgets both connections and gives their references back. Returns what was connected.</summary>
        public CallbellConnectionInfo? Disconnect()
        {
            CallbellConnectionInfo? session;
            CallbellConnection? environment;
            lock (_gate)
            {
                session = _session;
                environment = _environment;
                _session = null;
                _environment = null;
            }

            ConnectionCache.Release(session?.Connection);
            ConnectionCache.Release(environment);
            return session;
        }

        /// <summary>Forgets the session connection only if it points at <paramref name="baseUri"/> (a stopped sandbox).</summary>
        public void DisconnectFrom(Uri baseUri)
        {
            CallbellConnection? released = null;
            lock (_gate)
            {
                if (_session != null && _session.BaseUri == baseUri)
                {
                    released = _session.Connection;
                    _session = null;
                }

                if (_environment != null && _environment.BaseUri == baseUri)
                {
                    ConnectionCache.Release(_environment);
                    _environment = null;
                }
            }

            ConnectionCache.Release(released);
        }

        /// <summary>
        /// The connection a command should use: the session's, else the environment's (kept while
        /// the variables stay the same), else an error that says how to provide a token.
        /// </summary>
        public CallbellConnection Resolve()
        {
            lock (_gate)
            {
                if (_session != null)
                {
                    return _session.Connection;
                }
            }

            return FromEnvironment() ?? throw CallbellEnvironment.MissingToken();
        }

        /// <summary>The connection $env:CALLBELL_API_TOKEN (and $env:CALLBELL_BASE_URI) describe, or null when unset.</summary>
        public CallbellConnection? FromEnvironment()
        {
            var options = CallbellEnvironment.ReadOptions();
            CallbellConnection? stale = null;
            try
            {
                lock (_gate)
                {
                    if (options is null)
                    {
                        stale = _environment;
                        _environment = null;
                        return null;
                    }

                    if (_environment != null && Equals(_environment.Options.Identity(), Normalized(options)))
                    {
                        return _environment;
                    }

                    stale = _environment;
                    _environment = ConnectionCache.Acquire(options);
                    return _environment;
                }
            }
            finally
            {
                ConnectionCache.Release(stale);
            }
        }

        private static object Normalized(CallbellConnectionOptions options)
        {
            var copy = options.Clone();
            copy.Validate();
            return copy.Identity();
        }
    }
}
