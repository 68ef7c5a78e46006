using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// One accepted connection: idle between requests, busy while one is read and answered, then
    /// closed. The state changes by compare-and-swap, so nothing that ends an idle connection (its
    /// timeout, a stop, room needed) can close one whose request has begun, and nothing closes it twice.
    /// </summary>
    internal sealed class InboundConnection
    {
        private const int Idle = 0;
        private const int Busy = 1;
        private const int Closed = 2;
        private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
        private static readonly byte[] Scratch = new byte[4096];

        private readonly TcpClient _client;

        // Kept apart from the client, which forgets its socket when disposed.
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private int _state;
        private CancellationTokenSource? _wait;
        private long _idleSince = Stopwatch.GetTimestamp();

        public InboundConnection(TcpClient client, RequestLimits limits, ByteBudget budget)
        {
            _client = client;
            _socket = client.Client;
            _client.NoDelay = true;
            _stream = client.GetStream();
            Reader = new HttpRequestReader(_stream, limits, budget);
            Remote = _socket.RemoteEndPoint?.ToString() ?? "unknown";
        }

        public HttpRequestReader Reader { get; }

        public string Remote { get; }

        public bool IsIdle => Volatile.Read(ref _state) == Idle;

        public bool IsClosed => Volatile.Read(ref _state) == Closed;

        /// <summary>When it last became idle, in Stopwatch ticks.</summary>
        public long IdleSince => Interlocked.Read(ref _idleSince);

        /// <summary>A request has begun on it; false when it was closed first.</summary>
        public bool TryBecomeBusy() => Interlocked.CompareExchange(ref _state, Busy, Idle) == Idle;

        /// <summary>Its request was answered and it may carry another; false when it was closed meanwhile.</summary>
        public bool TryBecomeIdle()
        {
            Interlocked.Exchange(ref _idleSince, Stopwatch.GetTimestamp());
            return Interlocked.CompareExchange(ref _state, Idle, Busy) == Busy;
        }

        /// <summary>Bytes have arrived that nothing has read yet: a request has begun, though the reader has not woken to it.</summary>
        public bool HasUnreadBytes
        {
            get
            {
                try
                {
                    return _socket.Available > 0;
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Starts waiting for the next request: the token ends the wait at the idle timeout, or
        /// sooner by <see cref="TryEndWait"/>. Cancelling a socket read is atomic on .NET: the
        /// read either takes the bytes that arrived or none, so a request that raced the end of
        /// the wait is still served. On .NET Framework a token does not end a read in progress;
        /// there the connection is closed a moment after, if it is still waiting.
        /// </summary>
        public CancellationToken BeginWait(TimeSpan idleTimeout)
        {
            var wait = new CancellationTokenSource();
            wait.Token.Register(() => Task.Delay(Linger).ContinueWith(_ => TryCloseIdle(), TaskScheduler.Default));
            Volatile.Write(ref _wait, wait);
            wait.CancelAfter(idleTimeout);
            return wait.Token;
        }

        public void EndWait() => Interlocked.Exchange(ref _wait, null)?.Dispose();

        /// <summary>Ends the wait for the next request (a stop, or room needed); false when it is not waiting, or already told.</summary>
        public bool TryEndWait()
        {
            var wait = Volatile.Read(ref _wait);
            if (wait is null || !IsIdle)
            {
                return false;
            }

            try
            {
                if (wait.IsCancellationRequested)
                {
                    return false;
                }

                wait.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        /// <summary>Closes it only if no request has begun: nothing on it is lost, and its client opens another.</summary>
        public bool TryCloseIdle()
        {
            if (Interlocked.CompareExchange(ref _state, Closed, Idle) != Idle)
            {
                return false;
            }

            _client.Dispose();
            return true;
        }

        /// <summary>
        /// Ends a request that took too long: the answer is written if the socket takes it at
        /// once, then the connection closes, which ends the read in progress on every framework
        /// (on .NET Framework a cancellation token does not).
        /// </summary>
        public void Cut(byte[] answer)
        {
            if (Interlocked.Exchange(ref _state, Closed) == Closed)
            {
                return;
            }

            // The answer is a courtesy: the close is what counts.
            SendAtOnce(_socket, answer);
            _client.Dispose();
        }

        public async Task WriteAsync(byte[] head, byte[] body)
        {
            var packet = new byte[head.Length + body.Length];
            Buffer.BlockCopy(head, 0, packet, 0, head.Length);
            Buffer.BlockCopy(body, 0, packet, head.Length, body.Length);
            await _stream.WriteAsync(packet, 0, packet.Length).ConfigureAwait(false);
        }

        /// <summary>
        /// Closes after an answer that ends the connection. What the client was still sending is
        /// read and dropped for a moment first: closing over unread bytes sends a reset, and a
        /// reset can destroy the answer before the client reads it.
        /// </summary>
        public Task CloseAfterAnswerAsync()
        {
            Interlocked.Exchange(ref _state, Closed);
            return CloseAfterAnswerAsync(_client, _socket);
        }

        public void Close()
        {
            Interlocked.Exchange(ref _state, Closed);
            _client.Dispose();
        }

        /// <summary>Sends <paramref name="answer"/> on a connection never served (too many at once), then closes it as above.</summary>
        public static Task RefuseAsync(TcpClient client, byte[] answer)
        {
            var socket = client.Client;
            if (!SendAtOnce(socket, answer))
            {
                client.Dispose();
                return Task.CompletedTask;
            }

            return CloseAfterAnswerAsync(client, socket);
        }

        private static async Task CloseAfterAnswerAsync(TcpClient client, Socket socket)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Send);
                using var deadline = new CancellationTokenSource(Linger);
                using (deadline.Token.Register(client.Dispose))
                {
                    var drained = 0;
                    int read;
                    while (drained < 256 * 1024 && (read = await ReceiveAsync(socket).ConfigureAwait(false)) > 0)
                    {
                        drained += read;
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // Gone already.
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>Writes a short answer only if the socket takes it now, never waiting on a peer that does not read; false when the socket is gone.</summary>
        private static bool SendAtOnce(Socket socket, byte[] answer)
        {
            try
            {
                socket.Blocking = false;
                socket.Send(answer, 0, answer.Length, SocketFlags.None, out _);
                return true;
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>One receive into a scratch buffer whose contents nobody reads, on every framework.</summary>
        private static Task<int> ReceiveAsync(Socket socket) =>
            Task.Factory.FromAsync((callback, state) => socket.BeginReceive(Scratch, 0, Scratch.Length, SocketFlags.None, callback, state), socket.EndReceive, null);
    }
}
