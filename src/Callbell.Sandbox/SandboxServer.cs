using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http.Inbound;
using Callbell.Sandbox.Faults;
using Callbell.Sandbox.Http;
using Callbell.Sandbox.Journal;

namespace Callbell.Sandbox
{
    /// <summary>
    /// A local Callbell emulator on 127.0.0.1: real HTTP over real sockets, generated data,
    /// switchable faults, and a journal of what it received.
    /// </summary>
    public sealed class SandboxServer : IDisposable
    {
        /// <summary>Roomier than the webhook receiver's: tests send large bodies on purpose.</summary>
        private static readonly RequestLimits Limits = new RequestLimits(64 * 1024, 16 * 1024 * 1024);

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<TcpClient, byte> _clients = new ConcurrentDictionary<TcpClient, byte>();
        private readonly SandboxApi _api;
        private readonly Task _acceptLoop;
        private readonly Limits.AccountBudget _budget;

        private SandboxServer(SandboxOptions options)
        {
            Options = options;
            Token = options.Token ?? NewToken();
            Journal = new RequestJournal(options.RecordRequests);
            State = new SandboxState(options);
            _api = new SandboxApi(State, Token);
            _budget = new Limits.AccountBudget(options.RequestsPerSecond);
            _listener = new TcpListener(IPAddress.Loopback, options.Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start(512);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            BaseUri = new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/v1/");
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        public SandboxOptions Options { get; }

        public int Port { get; }

        /// <summary>http://127.0.0.1:PORT/v1/</summary>
        public Uri BaseUri { get; }

        /// <summary>The one token the sandbox accepts.</summary>
        public string Token { get; }

        public SandboxFaults Faults { get; } = new SandboxFaults();

        public RequestJournal Journal { get; }

        /// <summary>The account's data: what requests create, change and delete shows here and in later reads.</summary>
        public SandboxState State { get; }

        /// <summary>"GET /contacts/{uuid}" for every documented endpoint the sandbox answers.</summary>
        public IReadOnlyList<string> Endpoints => _api.Endpoints;

        public bool IsRunning => !_stop.IsCancellationRequested;

        public static SandboxServer Start(SandboxOptions? options = null)
        {
            var settings = options ?? new SandboxOptions();
            if (settings.Contacts < 0 || settings.PageSize < 1)
            {
                throw new ArgumentException("Contacts must be 0 or more and PageSize 1 or more.", nameof(options));
            }

            return new SandboxServer(settings);
        }

        public void Dispose()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            _listener.Stop();
            State.Stop();
            State.Deliveries.Dispose();
            foreach (var client in _clients.Keys)
            {
                client.Close();
            }

            try
            {
                _acceptLoop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        public override string ToString() => "Callbell sandbox at " + BaseUri.AbsoluteUri;

        private static string NewToken()
        {
            const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            var bytes = new byte[25];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            var text = new StringBuilder("test_");
            foreach (var b in bytes)
            {
                text.Append(alphabet[b % alphabet.Length]);
            }

            return text.ToString();
        }

        private async Task AcceptLoopAsync()
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

                _clients[client] = 0;
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var reader = new HttpRequestReader(stream, Limits);
                while (!_stop.IsCancellationRequested)
                {
                    InboundRequest? inbound;
                    try
                    {
                        inbound = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                    }
                    catch (HttpRefusal refusal)
                    {
                        // What cannot be framed is answered, as the API's front end does, and the connection ends.
                        var refused = SandboxResponse.Error(refusal.Status, refusal.Message);
                        refused.Headers.Add(new KeyValuePair<string, string>("Connection", "close"));
                        await WriteAsync(stream, refused).ConfigureAwait(false);
                        return;
                    }

                    if (inbound is null)
                    {
                        return;
                    }

                    var request = new SandboxRequest(inbound.Method, inbound.Target, inbound.Headers, inbound.Body);

                    var recorded = Journal.Begin(request);
                    try
                    {
                        if (!await RespondAsync(client, stream, request, recorded).ConfigureAwait(false) || request.WantsClose)
                        {
                            return;
                        }
                    }
                    finally
                    {
                        Journal.End();
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                // The client went away or sent garbage: end this connection only.
            }
            finally
            {
                _clients.TryRemove(client, out _);
                client.Close();
            }
        }

        /// <summary>Answers one request; false when the connection must end.</summary>
        private async Task<bool> RespondAsync(TcpClient client, NetworkStream stream, SandboxRequest request, RecordedRequest recorded)
        {
            Task Send(SandboxResponse response)
            {
                if (request.WantsClose)
                {
                    response.Headers.Add(new KeyValuePair<string, string>("Connection", "close"));
                }

                return WriteAsync(stream, response);
            }

            var admitted = _budget.TryAdmit(out var retryAfter);
            var fault = admitted ? Faults.Pick(request.Method, request.Path, request.Page) : null;
            var latency = Faults.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, _stop.Token).ConfigureAwait(false);
            }

            if (!admitted)
            {
                Journal.OverBudget(recorded);
                var refused = SandboxResponse.Error(429, "Too many requests");
                refused.Headers.Add(new KeyValuePair<string, string>("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
                await Send(refused).ConfigureAwait(false);
                return true;
            }

            if (fault is null)
            {
                await Send(Handle(request, recorded)).ConfigureAwait(false);
                return true;
            }

            Journal.Faulted(recorded, fault.Kind);
            switch (fault.Kind)
            {
                case FaultKind.Slow:
                    await Task.Delay(fault.Delay, _stop.Token).ConfigureAwait(false);
                    await Send(Handle(request, recorded)).ConfigureAwait(false);
                    return true;
                case FaultKind.RateLimit:
                    var limited = SandboxResponse.Error(429, "Too many requests");
                    if (!fault.OmitRetryAfter)
                    {
                        limited.Headers.Add(new KeyValuePair<string, string>("Retry-After", fault.RetryAfterAsDate
                            ? DateTimeOffset.UtcNow.Add(fault.RetryAfter).ToString("r", CultureInfo.InvariantCulture)
                            : ((int)Math.Ceiling(fault.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
                    }

                    await Send(limited).ConfigureAwait(false);
                    return true;
                case FaultKind.ServerError:
                    await Send(SandboxResponse.Error(fault.Status, "Internal server error")).ConfigureAwait(false);
                    return true;
                case FaultKind.ServerErrorAfterActing:
                    Handle(request, recorded);
                    await Send(SandboxResponse.Error(fault.Status, "Bad gateway")).ConfigureAwait(false);
                    return true;
                case FaultKind.PlainTextAfterActing:
                    var acted = Handle(request, recorded);
                    await Send(new SandboxResponse(acted.Status, acted.Body, "text/plain")).ConfigureAwait(false);
                    return true;
                case FaultKind.ApiError:
                    await Send(SandboxResponse.Error(fault.Status, fault.Message, fault.Code)).ConfigureAwait(false);
                    return true;
                case FaultKind.DropAfterRequest:
                    // The request was read (and acted on), but no answer ever leaves.
                    Handle(request, recorded);
                    client.Client.LingerState = new LingerOption(true, 0);
                    return false;
                case FaultKind.RefuseBeforeReading:
                    client.Client.LingerState = new LingerOption(true, 0);
                    return false;
                case FaultKind.DropConnection:
                    var whole = Handle(request, recorded);
                    await WriteHeadAsync(stream, whole.Status, whole.ContentType, whole.Body.Length, whole).ConfigureAwait(false);
                    await stream.WriteAsync(whole.Body, 0, whole.Body.Length / 2).ConfigureAwait(false);
                    client.Client.LingerState = new LingerOption(true, 0); // reset, not a clean close
                    return false;
                case FaultKind.TruncateBody:
                    var full = Handle(request, recorded);
                    var half = new byte[full.Body.Length / 2];
                    Buffer.BlockCopy(full.Body, 0, half, 0, half.Length);
                    await Send(new SandboxResponse(full.Status, half, full.ContentType)).ConfigureAwait(false);
                    return true;
                case FaultKind.NeverAnswer:
                    // Hold until the client gives up and closes, or the sandbox stops.
                    var sink = new byte[256];
                    while (await stream.ReadAsync(sink, 0, sink.Length, _stop.Token).ConfigureAwait(false) > 0)
                    {
                    }

                    return false;
                case FaultKind.DripBody:
                    var slow = Handle(request, recorded);
                    await WriteHeadAsync(stream, slow.Status, slow.ContentType, slow.Body.Length, slow).ConfigureAwait(false);
                    for (var i = 0; i < slow.Body.Length; i++)
                    {
                        await stream.WriteAsync(slow.Body, i, 1, _stop.Token).ConfigureAwait(false);
                        await Task.Delay(fault.Delay, _stop.Token).ConfigureAwait(false);
                    }

                    return true;
                case FaultKind.EchoAuthorization:
                    await Send(SandboxResponse.Error(500, "Upstream failed for request with Authorization: " + request.Header("Authorization"))).ConfigureAwait(false);
                    return true;
                case FaultKind.IgnorePage:
                    var target = System.Text.RegularExpressions.Regex.Replace(request.Target, "([?&])page=[0-9]+", "$1page=1");
                    await Send(Handle(new SandboxRequest(request.Method, target, request.Headers, request.Body), recorded)).ConfigureAwait(false);
                    return true;
                case FaultKind.HugeBody:
                    await WriteHeadAsync(stream, 200, "application/json", fault.HugeBytes, null).ConfigureAwait(false);
                    var filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                    for (long sent = 0; sent < fault.HugeBytes; sent += filler.Length)
                    {
                        await stream.WriteAsync(filler, 0, (int)Math.Min(filler.Length, fault.HugeBytes - sent), _stop.Token).ConfigureAwait(false);
                    }

                    return true;
                default:
                    await Send(HostileBodies.For(fault, BaseUri)).ConfigureAwait(false);
                    return true;
            }
        }

        /// <summary>A bug in the sandbox answers 500 with its message instead of silently closing the connection.</summary>
        private SandboxResponse Handle(SandboxRequest request, RecordedRequest recorded)
        {
            try
            {
                var response = _api.Handle(request);
                recorded.Answered(response.Status);
                return response;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return SandboxResponse.Error(500, "Sandbox bug: " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        private async Task WriteAsync(NetworkStream stream, SandboxResponse response)
        {
            var head = Head(response.Status, response.ContentType, response.Body.Length, response);
            var packet = new byte[head.Length + response.Body.Length];
            Buffer.BlockCopy(head, 0, packet, 0, head.Length);
            Buffer.BlockCopy(response.Body, 0, packet, head.Length, response.Body.Length);
            await stream.WriteAsync(packet, 0, packet.Length, _stop.Token).ConfigureAwait(false);
        }

        private Task WriteHeadAsync(NetworkStream stream, int status, string contentType, long length, SandboxResponse? response)
        {
            var head = Head(status, contentType, length, response);
            return stream.WriteAsync(head, 0, head.Length, _stop.Token);
        }

        private static byte[] Head(int status, string contentType, long length, SandboxResponse? response)
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Content-Type", contentType),
                new KeyValuePair<string, string>("Content-Length", length.ToString(CultureInfo.InvariantCulture)),
            };
            if (response != null)
            {
                headers.AddRange(response.Headers);
            }

            return HttpResponseHead.Format(status, headers);
        }
    }
}
