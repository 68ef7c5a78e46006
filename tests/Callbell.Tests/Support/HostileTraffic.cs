#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Tests.Support
{
    /// <summary>
    /// Traffic against a webhook receiver: Callbell's own signed deliveries (one at a time, in
    /// order, resent after any answer but 200, as Callbell does), and the attacks a port open to
    /// the internet meets. The xunit suite and bench/Invoke-WebhookSiegeBenchmark.ps1 (Add-Type
    /// -Path) both use this one file, so it depends on nothing but the base class library.
    /// </summary>
    public sealed class HostileTraffic
    {
        private readonly Uri _target;
        private readonly ConcurrentDictionary<string, AttackReport> _reports = new ConcurrentDictionary<string, AttackReport>();

        public HostileTraffic(Uri target)
        {
            _target = target;
        }

        public IReadOnlyList<AttackReport> Reports => _reports.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

        /// <summary>The body of signed event number <paramref name="index"/>: a contact_created named "Event N".</summary>
        public static byte[] EventBody(int index) =>
            Encoding.UTF8.GetBytes("{\"event\":\"contact_created\",\"payload\":{\"uuid\":\"eb2b914a977e4ab896e7b886698b3eac\",\"name\":\"Event " + index + "\"}}");

        /// <summary>The X-Callbell-Signature Callbell would send, computed here independently of the module.</summary>
        public static string Sign(byte[] body, string secret)
        {
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
            return "t=" + t + ",v1=" + string.Concat(hmac.ComputeHash(signed).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }

        /// <summary>
        /// Delivers events 0 to count-1 one at a time, each re-signed and resent until answered
        /// 200, starting one every <paramref name="pace"/> at most. Returns how many attempts all
        /// of them took.
        /// </summary>
        public async Task<int> DeliverSignedAsync(string secret, int count, TimeSpan pace, CancellationToken cancellationToken)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var attempts = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromTicks(pace.Ticks * i) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }

                var body = EventBody(i);
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    attempts++;
                    using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new ByteArrayContent(body) };
                    request.Headers.Add("X-Callbell-Signature", Sign(body, secret));
                    try
                    {
                        using var answer = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                        if ((int)answer.StatusCode == 200)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // No answer: Callbell retries too.
                    }

                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
            }

            return attempts;
        }

        /// <summary>Unsigned events posted as fast as <paramref name="workers"/> connections allow, until cancelled.</summary>
        public Task UnsignedFloodAsync(int workers, CancellationToken cancellationToken)
        {
            var report = Report("unsigned flood");
            return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                var body = EventBody(-1);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        using var answer = await http.PostAsync(_target, new ByteArrayContent(body), cancellationToken).ConfigureAwait(false);
                        report.Answered(((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), clock.Elapsed);
                    }
                    catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException || ex is IOException)
                    {
                        if (!cancellationToken.IsCancellationRequested)
                        {
                            report.Answered("no answer", clock.Elapsed);
                        }
                    }
                }
            })));
        }

        /// <summary>Senders that announce a body and send one byte a second, each held until the receiver cuts it off.</summary>
        public Task SlowSendersAsync(int count, CancellationToken cancellationToken) =>
            Raw("slow sender (a byte a second)", count, "POST / HTTP/1.1\r\nHost: " + _target.Authority + "\r\nContent-Length: 10000\r\n\r\n{", trickle: true, cancellationToken);

        /// <summary>Bodies far over the limit: 100 MB announced, 64 KB sent.</summary>
        public Task OversizedAsync(int count, CancellationToken cancellationToken) =>
            Raw("body far over the limit", count, "POST / HTTP/1.1\r\nHost: " + _target.Authority + "\r\nContent-Length: 104857600\r\n\r\n" + new string('x', 64 * 1024), trickle: false, cancellationToken);

        /// <summary>Chunked bodies whose chunk sizes are not hexadecimal.</summary>
        public Task MalformedChunkedAsync(int count, CancellationToken cancellationToken) =>
            Raw("malformed chunked encoding", count, "POST / HTTP/1.1\r\nHost: " + _target.Authority + "\r\nTransfer-Encoding: chunked\r\n\r\nZZZZ\r\nnot a chunk\r\n0\r\n\r\n", trickle: false, cancellationToken);

        /// <summary>Connections opened and never written to, held until the receiver closes them or the run ends.</summary>
        public Task IdleAsync(int count, CancellationToken cancellationToken) =>
            Raw("idle connection", count, null, trickle: false, cancellationToken);

        private AttackReport Report(string name) => _reports.GetOrAdd(name, n => new AttackReport(n));

        private Task Raw(string name, int count, string? send, bool trickle, CancellationToken cancellationToken)
        {
            var report = Report(name);
            return Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(_target.Host, _target.Port).ConfigureAwait(false);
                    var stream = client.GetStream();
                    if (send != null)
                    {
                        var bytes = Encoding.ASCII.GetBytes(send);
                        await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                    }

                    var reading = ReadStatusAsync(stream);
                    if (trickle)
                    {
                        var one = Encoding.ASCII.GetBytes("x");
                        while (!reading.IsCompleted && !cancellationToken.IsCancellationRequested)
                        {
                            await Task.WhenAny(reading, Task.Delay(1000, cancellationToken)).ConfigureAwait(false);
                            if (!reading.IsCompleted)
                            {
                                await stream.WriteAsync(one, 0, 1, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    using (cancellationToken.Register(() => client.Dispose()))
                    {
                        var status = await reading.ConfigureAwait(false);
                        if (!cancellationToken.IsCancellationRequested)
                        {
                            report.Answered(status, clock.Elapsed);
                        }
                        else
                        {
                            report.Answered("still held at the end", clock.Elapsed);
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    report.Answered(cancellationToken.IsCancellationRequested ? "still held at the end" : "cut off", clock.Elapsed);
                }
            })));
        }

        /// <summary>The status of the answer ("closed" when the connection ended without one).</summary>
        private static async Task<string> ReadStatusAsync(NetworkStream stream)
        {
            var buffer = new byte[512];
            var text = new StringBuilder();
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                {
                    text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException)
            {
                // Reset: cut off.
            }

            var head = text.ToString();
            return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 ? head.Substring(9, 3) : "closed";
        }
    }

    /// <summary>What one kind of attack got: answers by status, and how long the longest was held before it ended.</summary>
    public sealed class AttackReport
    {
        private readonly ConcurrentDictionary<string, int> _answers = new ConcurrentDictionary<string, int>();
        private long _longestTicks;

        public AttackReport(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public IReadOnlyDictionary<string, int> Answers => new Dictionary<string, int>(_answers);

        public int Count => _answers.Values.Sum();

        /// <summary>The longest any one attempt lasted before the receiver answered or cut it off.</summary>
        public TimeSpan Longest => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

        public override string ToString() =>
            Name + ": " + Count + " (" + string.Join(", ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + " x" + a.Value)) + "), longest held " + Longest.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";

        internal void Answered(string status, TimeSpan held)
        {
            _answers.AddOrUpdate(status, 1, (_, n) => n + 1);
            long current;
            while ((current = Interlocked.Read(ref _longestTicks)) < held.Ticks && Interlocked.CompareExchange(ref _longestTicks, held.Ticks, current) != current)
            {
            }
        }
    }
}
