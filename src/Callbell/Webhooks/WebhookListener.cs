using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Webhooks
{
    /// <summary>
    /// A local HTTP endpoint for Callbell's webhook. It answers connection checks with 200
    /// {"status":"ok"}, verifies signatures when given a secret (401 otherwise), and acknowledges
    /// an event with 200 only once it is queued for the caller, so an acknowledged event is never
    /// lost to a slow consumer: when <see cref="WebhookListenerOptions.QueueLimit"/> events wait,
    /// it answers 503 and Callbell retries. Built on HttpListener, which ships with every .NET
    /// PowerShell runs on and reads chunked and keep-alive requests properly.
    /// </summary>
    public sealed class WebhookListener : IDisposable
    {
        private static readonly byte[] Ok = Encoding.UTF8.GetBytes("{\"status\":\"ok\"}");

        private readonly WebhookListenerOptions _options;
        private readonly HttpListener _http = new HttpListener();
        private readonly BlockingCollection<ListenerEntry> _entries = new BlockingCollection<ListenerEntry>();
        private int _waiting;
        private int _accepted;
        private int _stopped;

        private WebhookListener(WebhookListenerOptions options)
        {
            _options = options;
        }

        /// <summary>Events acknowledged and not yet taken.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>Starts listening. A prefix another program holds is an <see cref="CallbellException"/> naming it.</summary>
        public static WebhookListener Start(WebhookListenerOptions options)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (options.Prefixes.Count == 0)
            {
                throw CallbellException.InvalidArgument("Prefix", "The listener needs a port or at least one prefix.", "Use -Port 8080, or -Prefix http://+:8080/callbell/.");
            }

            if (options.Secret != null)
            {
                WebhookSignature.RequireSecret(options.Secret);
            }

            WebhookSignature.RequireTolerance(options.Tolerance);

            var listener = new WebhookListener(options);
            foreach (var prefix in options.Prefixes)
            {
                try
                {
                    listener._http.Prefixes.Add(prefix);
                }
                catch (ArgumentException ex)
                {
                    throw CallbellException.InvalidArgument("Prefix", "'" + prefix + "' is not a listener prefix: " + ex.Message, "Prefixes look like http://+:8080/ or http://localhost:8080/callbell/ (ending in /).");
                }
            }

            try
            {
                listener._http.Start();
            }
            catch (HttpListenerException ex)
            {
                listener._http.Close();
                throw Unavailable(options, ex);
            }

            _ = listener.AcceptLoopAsync();
            return listener;
        }

        /// <summary>The next answered request, waiting up to <paramref name="wait"/>; false when none came (or the listener stopped and is drained).</summary>
        public bool TryTake(out ListenerEntry? entry, TimeSpan wait, CancellationToken cancellationToken)
        {
            try
            {
                if (_entries.TryTake(out entry, (int)wait.TotalMilliseconds, cancellationToken))
                {
                    if (entry.Kind == ListenerEntryKind.Event)
                    {
                        Interlocked.Decrement(ref _waiting);
                    }

                    return true;
                }
            }
            catch (InvalidOperationException)
            {
                // Completed and empty: stopped.
            }

            entry = null;
            return false;
        }

        /// <summary>Stops accepting: later deliveries are refused and Callbell retries them. Entries already queued can still be taken.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            try
            {
                _http.Stop();
                _http.Close();
            }
            catch (ObjectDisposedException)
            {
            }

            lock (_entries)
            {
                _entries.CompleteAdding();
            }
        }

        public void Dispose()
        {
            Stop();
            _entries.Dispose();
        }

        private static CallbellException Unavailable(WebhookListenerOptions options, HttpListenerException ex)
        {
            var prefixes = string.Join(", ", options.Prefixes);
            if (ex.ErrorCode == 5)
            {
                return new CallbellException(CallbellErrorKind.PermissionDenied, "Callbell.ListenerAccessDenied", "Windows does not let this user listen on " + prefixes + ": " + ex.Message, ex)
                {
                    RecommendedAction = "Run once as administrator: netsh http add urlacl url=" + options.Prefixes[0] + " user=$env:USERNAME, or listen on http://localhost:<port>/ behind a reverse proxy.",
                };
            }

            return new CallbellException(CallbellErrorKind.InvalidArgument, "Callbell.ListenerUnavailable", "Cannot listen on " + prefixes + ": " + ex.Message + ". Another program may be using that port.", ex)
            {
                RecommendedAction = "Choose another -Port, or stop the program that holds it.",
            };
        }

        private async Task AcceptLoopAsync()
        {
            while (Volatile.Read(ref _stopped) == 0)
            {
                HttpListenerContext context;
                try
                {
                    context = await _http.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                // Each request on its own task: one slow sender must not hold up the rest.
                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var remote = request.RemoteEndPoint?.ToString() ?? "unknown";
            try
            {
                if (request.HttpMethod != "POST")
                {
                    Add(new ListenerEntry(ListenerEntryKind.Check, remote, request.HttpMethod + " " + request.Url?.AbsolutePath + ": answered 200 {\"status\":\"ok\"}."));
                    await AnswerAsync(context, 200, request.HttpMethod == "HEAD" ? null : Ok).ConfigureAwait(false);
                    return;
                }

                var body = await ReadBodyAsync(request).ConfigureAwait(false);
                if (body is null)
                {
                    await AnswerAsync(context, 413, null).ConfigureAwait(false);
                    return;
                }

                InboundEvent inbound;
                try
                {
                    inbound = InboundEventReader.Read(body);
                }
                catch (WebhookFormatException)
                {
                    // Connection checks carry no event; their bodies need not even be JSON.
                    Add(new ListenerEntry(ListenerEntryKind.Check, remote, "POST without an event (a connection check): answered 200 {\"status\":\"ok\"}."));
                    await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
                    return;
                }

                if (_options.Secret != null)
                {
                    try
                    {
                        inbound.SignedAt = WebhookSignature.Verify(body, request.Headers[WebhookSignature.HeaderName], _options.Secret, _options.Tolerance, DateTimeOffset.UtcNow);
                        inbound.Verified = true;
                    }
                    catch (WebhookSignatureException ex)
                    {
                        Add(new ListenerEntry(ListenerEntryKind.Rejected, remote, "A " + inbound.Event + " event from " + remote + " was refused (401): " + ex.Message, inbound));
                        await AnswerAsync(context, 401, null).ConfigureAwait(false);
                        return;
                    }
                }

                if (!TryAccept(inbound, remote))
                {
                    Add(new ListenerEntry(ListenerEntryKind.Deferred, remote, "A " + inbound.Event + " event was answered 503 (" + _options.QueueLimit + " events wait to be written): Callbell will send it again."));
                    await AnswerAsync(context, 503, null).ConfigureAwait(false);
                    return;
                }

                await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is IOException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                // The sender went away or the listener stopped; nothing was acknowledged.
            }
        }

        /// <summary>Queues an event unless the queue is full, the accept limit is reached or the listener stopped.</summary>
        private bool TryAccept(InboundEvent inbound, string remote)
        {
            lock (_entries)
            {
                if (Volatile.Read(ref _stopped) == 1 || _waiting >= _options.QueueLimit || (_options.AcceptLimit is int limit && _accepted >= limit))
                {
                    return false;
                }

                _accepted++;
                Interlocked.Increment(ref _waiting);
                _entries.Add(new ListenerEntry(ListenerEntryKind.Event, remote, inbound.Event + " accepted.", inbound));
                return true;
            }
        }

        private void Add(ListenerEntry entry)
        {
            lock (_entries)
            {
                if (!_entries.IsAddingCompleted)
                {
                    _entries.Add(entry);
                }
            }
        }

        private async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request)
        {
            if (request.ContentLength64 > _options.MaxBodyBytes)
            {
                return null;
            }

            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await request.InputStream.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaxBodyBytes)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }

        private static async Task AnswerAsync(HttpListenerContext context, int status, byte[]? body)
        {
            var response = context.Response;
            response.StatusCode = status;
            if (status == 503)
            {
                response.AddHeader("Retry-After", "30");
            }

            if (body != null)
            {
                response.ContentType = "application/json";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
            }
            else
            {
                response.ContentLength64 = 0;
            }

            response.Close();
        }
    }
}
