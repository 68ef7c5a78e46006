using System;
using System.Collections;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Callbell.Webhooks
{
    /// <summary>
    /// Closes the managed HttpListener (Linux, macOS) without acknowledging what it did not answer.
    /// When it closes, it writes a default "HTTP/1.1 200 OK" head into every connection it still
    /// holds, including a delivery it has only half read: to Callbell, an acknowledgement of an
    /// event nobody saw. So before it closes, its listening sockets are closed (nothing new
    /// arrives), and connections that have not yet sent a whole request are dropped without a
    /// word (the sender retries). These are private fields of System.Net.HttpListener; if a
    /// runtime names them otherwise, nothing is done and the listener closes as it always did.
    /// On Windows, HTTP.sys answers what the application did not, and nothing is needed.
    /// </summary>
    internal static class ManagedListenerShutdown
    {
        private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

        private static readonly Assembly ListenerAssembly = typeof(HttpListener).Assembly;
        private static readonly Type? Manager = ListenerAssembly.GetType("System.Net.HttpEndPointManager");
        private static readonly Type? EndPoint = ListenerAssembly.GetType("System.Net.HttpEndPointListener");
        private static readonly Type? Connection = ListenerAssembly.GetType("System.Net.HttpConnection");

        private static bool Applies => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Manager != null && EndPoint != null && Connection != null;

        /// <summary>Closes the sockets <paramref name="http"/> accepts on; connections already open go on.</summary>
        public static void StopAccepting(HttpListener http)
        {
            foreach (var endPoint in EndPointsOf(http))
            {
                (EndPoint!.GetField("_socket", Private)?.GetValue(endPoint) as Socket)?.Dispose();
            }
        }

        /// <summary>True when <paramref name="http"/> holds no request it has read and the application has not answered.</summary>
        public static bool Settled(HttpListener http)
        {
            if (!Applies)
            {
                return true;
            }

            var settled = true;
            Try(() =>
            {
                foreach (var name in new[] { "_contextQueue", "_listenerContexts" })
                {
                    if (typeof(HttpListener).GetField(name, Private)?.GetValue(http) is ICollection held)
                    {
                        lock (held.SyncRoot)
                        {
                            settled &= held.Count == 0;
                        }
                    }
                }
            });
            return settled;
        }

        /// <summary>Drops, without an answer, the connections of <paramref name="http"/> that have not sent a whole request.</summary>
        public static void DropUnfinished(HttpListener http)
        {
            var close = Connection?.GetMethod("CloseSocket", Private, null, Type.EmptyTypes, null);
            foreach (var endPoint in EndPointsOf(http))
            {
                if (!(EndPoint!.GetField("_unregisteredConnections", Private)?.GetValue(endPoint) is IEnumerable connections) || close is null)
                {
                    continue;
                }

                List<object> unfinished;
                lock (connections)
                {
                    unfinished = new List<object>();
                    foreach (var connection in connections)
                    {
                        unfinished.Add(connection);
                    }
                }

                foreach (var connection in unfinished)
                {
                    Try(() => close.Invoke(connection, null));
                }
            }
        }

        private static List<object> EndPointsOf(HttpListener http)
        {
            var found = new List<object>();
            if (!Applies)
            {
                return found;
            }

            Try(() =>
            {
                if (!(Manager!.GetField("s_ipEndPoints", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is IDictionary byAddress))
                {
                    return;
                }

                lock (byAddress)
                {
                    foreach (var ports in byAddress.Values)
                    {
                        foreach (var endPoint in ((IDictionary)ports!).Values)
                        {
                            if (ReferenceEquals(EndPoint!.GetField("_listener", Private)?.GetValue(endPoint), http))
                            {
                                found.Add(endPoint!);
                            }
                        }
                    }
                }
            });
            return found;
        }

        private static void Try(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is ObjectDisposedException || ex is InvalidOperationException || ex is InvalidCastException || ex is SocketException || ex is MemberAccessException)
            {
                // The runtime changed, or the socket is already closed: the listener closes as it always did.
            }
        }
    }
}
