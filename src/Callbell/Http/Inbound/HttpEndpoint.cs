using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// A small HTTP/1.1 server on TcpListener: the same on Windows PowerShell 5.1, PowerShell 7
    /// and every OS, with no administrator rights or URL reservation for any address (HttpListener
    /// on Windows is HTTP.sys, which wants both). Each request is read whole, within
    /// <see cref="EndpointOptions"/>, and handed to the handler; its answer is written back, and
    /// the connection kept for the next request unless either side ends it.
    /// </summary>
    internal sealed class HttpEndpoint : IDisposable
    {
        private static readonly byte[] TimedOut = InboundResponse.Refusal(408, close: true).Head(keepAlive: false);
        private static readonly byte[] Full = InboundResponse.Refusal(503, close: true).Head(keepAlive: false);

        private readonly EndpointOptions _options;
        private readonly Func<InboundRequest, Task<InboundResponse>> _handle;
        private readonly Action<string> _deferred;
        private readonly List<TcpListener> _listeners = new List<TcpListener>();
        private readonly ConcurrentDictionary<InboundConnection, byte> _connections = new ConcurrentDictionary<InboundConnection, byte>();
        private readonly ByteBudget _budget;
        private int _open;
        private int _busy;
        private int _stopping;

        private HttpEndpoint(EndpointOptions options, Func<InboundRequest, Task<InboundResponse>> handle, Action<string> deferred)
        {
            _options = options;
            _handle = handle;
            _deferred = deferred;
            _budget = new ByteBudget(options.MaxBufferedBytes);
        }

        /// <summary>Requests being read or answered now.</summary>
        public int Busy => Volatile.Read(ref _busy);

        /// <summary>
        /// Requests being read or answered, or connections still deciding whether one arrived:
        /// what a stop waits for. After <see cref="StopAccepting"/> every idle connection soon
        /// either takes the request that arrived or closes.
        /// </summary>
        public bool Unanswered
        {
            get
            {
                if (Busy > 0)
                {
                    return true;
                }

                foreach (var connection in _connections.Keys)
                {
                    if (connection.IsIdle)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Connections open now, idle ones included.</summary>
        public int Open => Volatile.Read(ref _open);

        /// <summary>
        /// Opens a socket for every binding of every prefix and starts accepting. A socket that
        /// will not open is a <see cref="CallbellException"/> naming the prefix, and nothing is left open.
        /// </summary>
        /// <param name="prefixes">Where to listen.</param>
        /// <param name="options">The bounds.</param>
        /// <param name="handle">Answers one request; it is never given a request it could not answer in full.</param>
        /// <param name="deferred">Told why, when the endpoint itself answers 503 (no room).</param>
        public static HttpEndpoint Start(IEnumerable<ListenPrefix> prefixes, EndpointOptions options, Func<InboundRequest, Task<InboundResponse>> handle, Action<string> deferred)
        {
            var endpoint = new HttpEndpoint(options, handle, deferred);
            var bound = new HashSet<IPEndPoint>();
            try
            {
                foreach (var prefix in prefixes)
                {
                    foreach (var (address, optional) in prefix.Bindings())
                    {
                        if (bound.Add(address))
                        {
                            endpoint.Listen(prefix, address, optional);
                        }
                    }
                }
            }
            catch
            {
                endpoint.Dispose();
                throw;
            }

            foreach (var listener in endpoint._listeners)
            {
                _ = endpoint.AcceptAsync(listener);
            }

            return endpoint;
        }

        /// <summary>
        /// No new connections, and idle ones end their wait; requests already begun are still read and
        /// handed to the handler (which knows it is stopping), and answered with "Connection: close".
        /// </summary>
        public void StopAccepting()
        {
            if (Interlocked.Exchange(ref _stopping, 1) == 1)
            {
                return;
            }

            foreach (var listener in _listeners)
            {
                listener.Stop();
            }

            // A request that arrived before the stop is answered (503, by a handler that knows),
            // never dropped: each idle connection stops waiting, serves what had arrived, and
            // closes only when nothing had.
            foreach (var connection in _connections.Keys)
            {
                connection.TryEndWait();
            }
        }

        /// <summary>
        /// Closes every connection not yet answered: what was not answered is not acknowledged,
        /// and its sender retries. Those answered and closing are left to finish, so no reset
        /// overtakes an answer on its way.
        /// </summary>
        public void Dispose()
        {
            StopAccepting();
            foreach (var connection in _connections.Keys)
            {
                if (!connection.IsClosed)
                {
                    connection.Close();
                }
            }
        }

        private void Listen(ListenPrefix prefix, IPEndPoint address, bool optional)
        {
            var listener = new TcpListener(address);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Address.Equals(IPAddress.IPv6Any))
                {
                    listener.Server.DualMode = true;
                }

                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    // Without it, another program could bind the same port over ours and take its connections.
                    listener.ExclusiveAddressUse = true;
                }

                listener.Start(512);
                _listeners.Add(listener);
            }
            catch (SocketException ex)
            {
                listener.Stop();
                if (!optional)
                {
                    throw prefix.Unavailable(ex);
                }
            }
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (Volatile.Read(ref _stopping) == 0)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException || (ex is SocketException && Volatile.Read(ref _stopping) == 1))
                {
                    return;
                }
                catch (SocketException)
                {
                    // A connection reset before it was taken, or no descriptors left: a moment, then go on.
                    await Task.Delay(10).ConfigureAwait(false);
                    continue;
                }

                Admit(client);
            }
        }

        private void Admit(TcpClient client)
        {
            if (Interlocked.Increment(ref _open) > _options.MaxConnections && !EvictIdle())
            {
                Interlocked.Decrement(ref _open);
                _deferred("more than " + _options.MaxConnections + " connections at once");
                _ = InboundConnection.RefuseAsync(client, Full);
                return;
            }

            InboundConnection connection;
            try
            {
                connection = new InboundConnection(client, _options.Limits, _budget);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                Interlocked.Decrement(ref _open);
                client.Dispose();
                return;
            }

            _connections[connection] = 0;
            _ = Task.Run(() => ServeAsync(connection));
        }

        /// <summary>
        /// Makes room by closing the connection idle longest: an idle connection holds nothing, and
        /// its client reconnects. Only one idle for a fortieth of the idle timeout (250 ms by
        /// default), which a client sending a request never is: one that has just connected has
        /// not had time to send, and closing it would drop its request unanswered, where a 503
        /// at least says when to come back.
        /// </summary>
        private bool EvictIdle()
        {
            var idleBefore = Stopwatch.GetTimestamp() - (long)(_options.IdleTimeout.TotalSeconds / 40 * Stopwatch.Frequency);
            for (var attempt = 0; attempt < 3; attempt++)
            {
                InboundConnection? oldest = null;
                foreach (var connection in _connections.Keys)
                {
                    // One whose request has arrived, unread, is not idle: closing it would drop that request.
                    if (connection.IsIdle && connection.IdleSince < idleBefore && (oldest is null || connection.IdleSince < oldest.IdleSince) && !connection.HasUnreadBytes)
                    {
                        oldest = connection;
                    }
                }

                if (oldest is null)
                {
                    return false;
                }

                if (oldest.TryEndWait())
                {
                    return true;
                }
            }

            return false;
        }

        private async Task ServeAsync(InboundConnection connection)
        {
            try
            {
                while (await NextRequestAsync(connection).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _busy);
                    bool keepAlive;
                    try
                    {
                        keepAlive = await ServeRequestAsync(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _busy);
                    }

                    if (!keepAlive)
                    {
                        // Answered: no longer busy while the connection winds down.
                        await connection.CloseAfterAnswerAsync().ConfigureAwait(false);
                        return;
                    }

                    if (!connection.TryBecomeIdle())
                    {
                        return;
                    }
                }
            }
#pragma warning disable CA1031 // Whatever ends a connection ends only that connection: the endpoint and the process go on.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The client went away, was cut off, or sent what cannot be framed: nothing on it was acknowledged.
            }
            finally
            {
                connection.Close();
                _connections.TryRemove(connection, out _);
                Interlocked.Decrement(ref _open);
            }
        }

        /// <summary>Waits, up to the idle timeout, for the next request to begin; false when the connection ends first.</summary>
        private async Task<bool> NextRequestAsync(InboundConnection connection)
        {
            var wait = connection.BeginWait(_options.IdleTimeout);
            try
            {
                if (Volatile.Read(ref _stopping) == 1)
                {
                    // Stopped while answering, or accepted as it stopped: whatever has arrived is still served.
                    connection.TryEndWait();
                }

                try
                {
                    return await connection.Reader.WaitForRequestAsync(wait).ConfigureAwait(false) && connection.TryBecomeBusy();
                }
                catch (OperationCanceledException)
                {
                    // The idle timeout, a stop, or room needed. A request that arrived as the wait
                    // ended was not taken by the cancelled read, and is served.
                    return connection.HasUnreadBytes && connection.TryBecomeBusy();
                }
            }
            finally
            {
                connection.EndWait();
            }
        }

        /// <summary>Reads one request within the request timeout, answers it; true when the connection may carry another.</summary>
        private async Task<bool> ServeRequestAsync(InboundConnection connection)
        {
            InboundRequest? request;
            using (var deadline = new CancellationTokenSource(_options.RequestTimeout))
            {
                try
                {
                    using (deadline.Token.Register(() => connection.Cut(TimedOut)))
                    {
                        request = await connection.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (HttpRefusal refusal) when (!connection.IsClosed)
                {
                    if (refusal.Status == 503)
                    {
                        _deferred(refusal.Message);
                    }

                    await AnswerAsync(connection, InboundResponse.Refusal(refusal.Status, close: true), keepAlive: false).ConfigureAwait(false);
                    return false;
                }
            }

            if (request is null || connection.IsClosed)
            {
                _budget.Release(request?.Reserved ?? 0);
                return false;
            }

            InboundResponse response;
            try
            {
                request.Remote = connection.Remote;
                response = await _handle(request).ConfigureAwait(false);
            }
            finally
            {
                // Before the answer leaves: a sender that reads it and sends again finds the room.
                _budget.Release(request.Reserved);
            }

            var keepAlive = request.KeepAlive && !response.Close && Volatile.Read(ref _stopping) == 0;
            await AnswerAsync(connection, response, keepAlive).ConfigureAwait(false);
            return keepAlive;
        }

        private static Task AnswerAsync(InboundConnection connection, InboundResponse response, bool keepAlive) =>
            connection.WriteAsync(response.Head(keepAlive), response.Body);
    }
}
