using System;
using System.Collections.Generic;

namespace Callbell
{
    /// <summary>
    /// One connection (one HttpClient, its pooled sockets) per identical settings, shared by
    /// every runspace that asks for it, and reference-counted: the last <see cref="Release"/>
    /// disposes it, which lets go of its HttpClient, its token and its share of the account's
    /// rate limiter.
    /// </summary>
    internal static class ConnectionCache
    {
        private static readonly Dictionary<ConnectionIdentity, Entry> Connections = new Dictionary<ConnectionIdentity, Entry>();

        /// <summary>How many connections the process holds.</summary>
        public static int Count
        {
            get
            {
                lock (Connections)
                {
                    return Connections.Count;
                }
            }
        }

        /// <summary>The shared connection for these settings; give it back with <see cref="Release"/>.</summary>
        public static CallbellConnection Acquire(CallbellConnectionOptions options)
        {
            var settings = options.Clone();
            settings.Validate();
            var identity = settings.Identity();
            lock (Connections)
            {
                if (!Connections.TryGetValue(identity, out var entry))
                {
                    entry = new Entry(new CallbellConnection(settings), identity);
                    Connections.Add(identity, entry);
                }

                entry.References++;
                return entry.Connection;
            }
        }

        /// <summary>
        /// Takes one more reference to a connection already held, for a command that uses it:
        /// false when it has been given up meanwhile (disconnected, replaced). A command holds
        /// its connection until it ends, so a reconnect in another command or runspace cannot
        /// close it under requests in flight.
        /// </summary>
        public static bool TryHold(CallbellConnection connection)
        {
            lock (Connections)
            {
                if (connection.IsDisposed || !Connections.TryGetValue(connection.Options.Identity(), out var entry) || !ReferenceEquals(entry.Connection, connection))
                {
                    return false;
                }

                entry.References++;
                return true;
            }
        }

        public static void Release(CallbellConnection? connection)
        {
            if (connection is null)
            {
                return;
            }

            lock (Connections)
            {
                var identity = connection.Options.Identity();
                if (!Connections.TryGetValue(identity, out var entry) || !ReferenceEquals(entry.Connection, connection) || --entry.References > 0)
                {
                    return;
                }

                Connections.Remove(identity);
            }

            connection.Dispose();
        }

        private sealed class Entry
        {
            public Entry(CallbellConnection connection, ConnectionIdentity identity)
            {
                Connection = connection;
                Identity = identity;
            }

            public CallbellConnection Connection { get; }

            public ConnectionIdentity Identity { get; }

            public int References { get; set; }
        }
    }
}
