#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Tests.Support
{
    /// <summary>
    /// A forward proxy on loopback for plain-HTTP targets, as a corporate proxy behaves: with a
    /// user name and password it answers 407 with a Basic challenge until a request carries
    /// them. The xunit suite and Pester (Add-Type -Path) both use this one file, so it depends
    /// on nothing but the base class library.
    /// </summary>
    public sealed class LoopbackProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly string? _expected;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _forwarded;
        private int _challenged;

        public LoopbackProxy(string? userName = null, string? password = null)
        {
            if (userName != null)
            {
                _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
            }

            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Address = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");
            Task.Run(AcceptAsync);
        }

        public Uri Address { get; }

        /// <summary>Requests passed on to their target.</summary>
        public int Forwarded => Volatile.Read(ref _forwarded);

        /// <summary>Requests answered 407.</summary>
        public int Challenged => Volatile.Read(ref _challenged);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        var head = await ReadHeadAsync(stream).ConfigureAwait(false);
                        if (head is null)
                        {
                            return;
                        }

                        var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                        var requestLine = lines[0].Split(' ');
                        var headers = new List<KeyValuePair<string, string>>();
                        for (var i = 1; i < lines.Length; i++)
                        {
                            var colon = lines[i].IndexOf(':');
                            if (colon > 0)
                            {
                                headers.Add(new KeyValuePair<string, string>(lines[i].Substring(0, colon).Trim(), lines[i].Substring(colon + 1).Trim()));
                            }
                        }

                        var length = 0;
                        string? authorization = null;
                        foreach (var header in headers)
                        {
                            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                            {
                                length = int.Parse(header.Value, System.Globalization.CultureInfo.InvariantCulture);
                            }
                            else if (header.Key.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
                            {
                                authorization = header.Value;
                            }
                        }

                        var body = new byte[length];
                        await ReadExactlyAsync(stream, body).ConfigureAwait(false);
                        if (_expected != null && authorization != _expected)
                        {
                            Interlocked.Increment(ref _challenged);
                            var challenge = Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"loopback\"\r\nContent-Length: 0\r\n\r\n");
                            await stream.WriteAsync(challenge, 0, challenge.Length).ConfigureAwait(false);
                            continue;
                        }

                        Interlocked.Increment(ref _forwarded);
                        await ForwardAsync(stream, requestLine[0], new Uri(requestLine[1]), headers, body).ConfigureAwait(false);
                        return; // the target closed its side; so does the proxy
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException)
                {
                    // The client went away.
                }
            }
        }

        private static async Task ForwardAsync(NetworkStream client, string method, Uri target, List<KeyValuePair<string, string>> headers, byte[] body)
        {
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(target.Host, target.Port).ConfigureAwait(false);
            var stream = upstream.GetStream();
            var head = new StringBuilder(method + " " + target.PathAndQuery + " HTTP/1.1\r\n");
            foreach (var header in headers)
            {
                if (!header.Key.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
                }
            }

            head.Append("Connection: close\r\n\r\n");
            var bytes = Encoding.ASCII.GetBytes(head.ToString());
            await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);

            // The answer goes back with "Connection: close" and the proxy closes after it, so the
            // client never waits on a connection the proxy stopped reading.
            var answerHead = await ReadHeadAsync(stream).ConfigureAwait(false) ?? throw new IOException("The target closed without answering.");
            var answerLines = answerHead.Split(new[] { "\r\n" }, StringSplitOptions.None);
            var relayed = new StringBuilder();
            long? length = null;
            foreach (var line in answerLines)
            {
                if (line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Keep-Alive:", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(line.Substring(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }

                relayed.Append(line).Append("\r\n");
            }

            relayed.Append("Connection: close\r\n\r\n");
            var relayedBytes = Encoding.ASCII.GetBytes(relayed.ToString());
            await client.WriteAsync(relayedBytes, 0, relayedBytes.Length).ConfigureAwait(false);
            if (length is null)
            {
                await stream.CopyToAsync(client).ConfigureAwait(false);
                return;
            }

            var buffer = new byte[16 * 1024];
            for (var left = length.Value; left > 0;)
            {
                var read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left)).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await client.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                left -= read;
            }
        }

        private static async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                var read = await stream.ReadAsync(one, 0, 1).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                head.Add(one[0]);
                var n = head.Count;
                if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n')
                {
                    return Encoding.ASCII.GetString(head.ToArray(), 0, n - 4);
                }

                if (n > 64 * 1024)
                {
                    return null;
                }
            }
        }

        private static async Task ReadExactlyAsync(NetworkStream stream, byte[] buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, done, buffer.Length - done).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The client closed the connection mid-body.");
                }

                done += read;
            }
        }
    }
}
