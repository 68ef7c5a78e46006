using System;
using System.Collections.Generic;
using System.Linq;

namespace Callbell
{
    /// <summary>
    /// The connections one PowerShell runspace holds: every account Connect-Callbell (or
    /// Start-CallbellSandbox) connected, the latest being the default, and the one
    /// $env:CALLBELL_API_TOKEN gives runbooks that never connect. Each is a reference to a shared
    /// connection (<see cref="ConnectionCache"/>), given back when it is replaced, disconnected,
    /// or its runspace closes.
    /// </summary>
    internal sealed class ConnectionScope
    {
        private readonly object _gate = new object();
        private readonly List<CallbellConnectionInfo> _connected = new List<CallbellConnectionInfo>();
        private CallbellConnection? _environment;

        /// <summary>The default connection: the latest one connected, if any.</summary>
        public CallbellConnectionInfo? Session
        {
            get
            {
                lock (_gate)
                {
                    return _connected.Count == 0 ? null : _connected[_connected.Count - 1];
                }
            }
        }

        /// <summary>Every connection made here, the default last.</summary>
        public IReadOnlyList<CallbellConnectionInfo> Connected
        {
            get
            {
                lock (_gate)
                {
                    return _connected.ToArray();
                }
            }
        }

        /// <summary>
        /// Adds <paramref name="info"/> and makes it the default; it must hold a reference from
        /// <see cref="ConnectionCache.Acquire"/>. An earlier connection to the same account (base
        /// URI and token) is replaced: connecting again changes its settings, not its count.
        /// </summary>
        public void Connect(CallbellConnectionInfo info)
        {
            List<CallbellConnectionInfo> replaced;
            lock (_gate)
            {
                replaced = _connected.Where(c => c.Connection.BaseUri == info.Connection.BaseUri && c.Connection.Token.Equals(info.Connection.Token)).ToList();
                _connected.RemoveAll(replaced.Contains);
                _connected.Add(info);
                Mark();
            }

            foreach (var old in replaced)
            {
                // Each info holds its own reference, even when both share one connection.
                old.IsDefault = false;
                ConnectionCache.Release(old.Connection);
            }
        }

        /// <summary>Forgets every connection and gives the references back. Returns what was connected.</summary>
        public IReadOnlyList<CallbellConnectionInfo> Disconnect()
        {
            CallbellConnectionInfo[] connected;
            CallbellConnection? environment;
            lock (_gate)
            {
                connected = _connected.ToArray();
                environment = _environment;
                _connected.Clear();
                _environment = null;
            }

            foreach (var info in connected)
            {
                info.IsDefault = false;
                ConnectionCache.Release(info.Connection);
            }

            ConnectionCache.Release(environment);
            return connected;
        }

        /// <summary>Forgets one connection; the latest remaining one becomes the default. False when it is not one of this scope's.</summary>
        public bool Disconnect(CallbellConnectionInfo info)
        {
            lock (_gate)
            {
                if (!_connected.Remove(info))
                {
                    return false;
                }

                info.IsDefault = false;
                Mark();
            }

            ConnectionCache.Release(info.Connection);
            return true;
        }

        /// <summary>Forgets the connections that point at <paramref name="baseUri"/> (a stopped sandbox).</summary>
        public void DisconnectFrom(Uri baseUri)
        {
            List<CallbellConnectionInfo> released;
            CallbellConnection? environment = null;
            lock (_gate)
            {
                released = _connected.Where(c => c.BaseUri == baseUri).ToList();
                _connected.RemoveAll(released.Contains);
                Mark();
                if (_environment != null && _environment.BaseUri == baseUri)
                {
                    environment = _environment;
                    _environment = null;
                }
            }

            foreach (var info in released)
            {
                info.IsDefault = false;
                ConnectionCache.Release(info.Connection);
            }

            ConnectionCache.Release(environment);
        }

        /// <summary>
        /// The connection a command should use: the default, else the environment's (kept while
        /// the variables stay the same), else an error that says how to provide a token.
        /// </summary>
        public CallbellConnection Resolve() => Session?.Connection ?? FromEnvironment() ?? throw CallbellEnvironment.MissingToken();

        /// <summary>The connection $env:CALLBELL_API_TOKEN (and the other CALLBELL_ variables) describe, or null when unset.</summary>
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

                    if (_environment != null && _environment.Options.Identity().Equals(Normalized(options)))
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

        private void Mark()
        {
            for (var i = 0; i < _connected.Count; i++)
            {
                _connected[i].IsDefault = i == _connected.Count - 1;
            }
        }

        private static ConnectionIdentity Normalized(CallbellConnectionOptions options)
        {
            var copy = options.Clone();
            copy.Validate();
            return copy.Identity();
        }
    }
}
