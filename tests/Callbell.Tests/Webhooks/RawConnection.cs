using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>One TCP connection to a listener, spoken to byte by byte: what HttpClient hides (keep-alive, pipelining, 100 Continue) shows here.</summary>
    internal sealed class RawConnection : IDisposable
    {
        private readonly TcpClient _client = new TcpClient();
        private readonly List<byte> _pending = new List<byte>();
        private NetworkStream _stream = null!;

        public static async Task<RawConnection> OpenAsync(string url)
        {
            var connection = new RawConnection();
            await connection._client.ConnectAsync(IPAddress.Loopback, new Uri(url).Port);
            connection._stream = connection._client.GetStream();
            return connection;
        }

        public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

        public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes, 0, bytes.Length);

        /// <summary>A POST of <paramref name="body"/> with Content-Length.</summary>
        public static string Post(byte[] body, string extraHeaders = "") =>
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: " + body.Length + "\r\n\r\n" + Encoding.UTF8.GetString(body);

        /// <summary>The next answer's status, headers (lower-case names) and body; fails the test past the suite's bound.</summary>
        public async Task<(int Status, Dictionary<string, string> Headers, string Body)> ReadAnswerAsync()
        {
            using var bound = new CancellationTokenSource(LocalListener.Wait);
            using (bound.Token.Register(() => _client.Dispose()))
            {
                var head = await ReadHeadAsync();
                var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                var status = int.Parse(lines[0].Substring(9, 3), CultureInfo.InvariantCulture);
                var headers = new Dictionary<string, string>();
                for (var i = 1; i < lines.Length; i++)
                {
                    var colon = lines[i].IndexOf(':');
                    headers[lines[i].Substring(0, colon).ToLowerInvariant()] = lines[i].Substring(colon + 1).Trim();
                }

                var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
                var body = new byte[length];
                for (var copied = 0; copied < length; copied++)
                {
                    body[copied] = await NextByteAsync();
                }

                return (status, headers, Encoding.UTF8.GetString(body));
            }
        }

        /// <summary>Whether the listener closed the connection (reads end), within the suite's bound.</summary>
        public async Task<bool> ClosedByPeerAsync()
        {
            using var bound = new CancellationTokenSource(LocalListener.Wait);
            var buffer = new byte[256];
            try
            {
                var read = _stream.ReadAsync(buffer, 0, buffer.Length, bound.Token);
                var first = await Task.WhenAny(read, Task.Delay(LocalListener.Wait));
                return first == read && read.Result == 0;
            }
            catch (IOException)
            {
                return true;
            }
        }

        public void Dispose() => _client.Dispose();

        private async Task<string> ReadHeadAsync()
        {
            var head = new StringBuilder();
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                head.Append((char)await NextByteAsync());
            }

            return head.ToString(0, head.Length - 4);
        }

        private async Task<byte> NextByteAsync()
        {
            if (_pending.Count == 0)
            {
                var buffer = new byte[4096];
                var read = await _stream.ReadAsync(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    throw new IOException("The listener closed the connection.");
                }

                for (var i = 0; i < read; i++)
                {
                    _pending.Add(buffer[i]);
                }
            }

            var next = _pending[0];
            _pending.RemoveAt(0);
            return next;
        }
    }
}
