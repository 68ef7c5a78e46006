using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Webhooks
{
    /// <summary>
    /// A local HTTP endpoint for Callbell's webhook, safe to expose:
    /// <list type="bullet">
    /// <item>It answers connection checks with 200 {"status":"ok"}, and verifies each event's
    /// signature before it parses the body (401 otherwise); unsigned events are taken only when
    /// <see cref="WebhookListenerOptions.AllowUnsigned"/> says so.</item>
    /// <item>An event is answered 200 only once the caller has taken it and said it was delivered
    /// (<see cref="Complete"/>); one that is not taken in time, or is still waiting when the
    /// listener stops, is answered 503 so Callbell sends it again. Callbell never resends an
    /// acknowledged event, so nothing acknowledged can be lost.</item>
    /// <item>Everything is bounded: requests handled at once, events waiting, log entries
    /// waiting, body size, and the time a sender may take over its body (the managed listener
    /// Linux and macOS use has no such timeout of its own).</item>
    /// </list>
    /// Built on HttpListener, which ships with every .NET PowerShell runs on.
    /// </summary>
    public sealed class WebhookListener : IDisposable
    {
        private static readonly byte[] Ok = Encoding.UTF8.GetBytes("{\"status\":\"ok\"}");
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

        private readonly WebhookListenerOptions _options;
        private readonly HttpListener _http = new HttpListener();
        private readonly BlockingCollection<ListenerEntry> _entries = new BlockingCollection<ListenerEntry>();
        private readonly SemaphoreSlim _slots;
        private readonly Dictionary<string, DateTime> _delivered = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        private readonly ConditionalWeakTable<ListenerEntry, string> _hashes = new ConditionalWeakTable<ListenerEntry, string>();
        private readonly ConcurrentDictionary<HttpListenerContext, byte> _open = new ConcurrentDictionary<HttpListenerContext, byte>();
        private int _disposed;
        private int _waiting;
        private int _logs;
        private int _droppedLogs;
        private int _inFlight;
        private int _deferring;
        private int _stopped;

        private WebhookListener(WebhookListenerOptions options)
        {
            _options = options;
            _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        }

        /// <summary>Events waiting to be taken.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>Requests being handled now.</summary>
        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Log entries (checks, refusals) not kept because <see cref="WebhookListenerOptions.MaxLogEntries"/> were waiting.</summary>
        public int DroppedLogEntries => Volatile.Read(ref _droppedLogs);

        /// <summary>Starts listening. A prefix another program holds is an <see cref="CallbellException"/> naming it.</summary>
        public static WebhookListener Start(WebhookListenerOptions options)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            Validate(options);
            var listener = new WebhookListener(options);
            foreach (var prefix in options.Prefixes)
            {
                try
                {
                    listener._http.Prefixes.Add(prefix);
                }
                catch (ArgumentException ex)
                {
                    throw CallbellException.InvalidArgument("Prefix", "'" + prefix + "' is not a listener prefix: " + ex.Message, "Prefixes look like http://localhost:8080/ or http://+:8080/callbell/ (ending in /).");
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

        /// <summary>
        /// The next entry, waiting up to <paramref name="wait"/>; false when none came (or the
        /// listener stopped and is drained). An <see cref="ListenerEntryKind.Event"/> entry must
        /// be given back with <see cref="Complete"/>: its sender waits for the answer.
        /// </summary>
        public bool TryTake(out ListenerEntry? entry, TimeSpan wait, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                while (_entries.TryTake(out entry, Remaining(wait, clock), cancellationToken))
                {
                    if (entry.Kind != ListenerEntryKind.Event)
                    {
                        Interlocked.Decrement(ref _logs);
                        return true;
                    }

                    Interlocked.Decrement(ref _waiting);
                    if (entry.TryTake())
                    {
                        return true;
                    }

                    // Already answered 503 (not taken in time): Callbell sends it again.
                }
            }
            catch (InvalidOperationException)
            {
                // Completed and empty: stopped.
            }

            entry = null;
            return false;
        }

        /// <summary>
        /// Answers a taken event: 200 when <paramref name="delivered"/> (the caller has it, and
        /// Callbell will not send it again), else 503 (Callbell retries it).
        /// </summary>
        public void Complete(ListenerEntry entry, bool delivered)
        {
            if (entry is null)
            {
                throw new ArgumentNullException(nameof(entry));
            }

            if (delivered && _options.DuplicateWindow.HasValue && _hashes.TryGetValue(entry, out var hash))
            {
                Remember(hash);
            }

            entry.Resolve(delivered);
        }

        /// <summary>
        /// Stops accepting: events still waiting are answered 503 (Callbell retries them), the
        /// answers in progress get a moment to finish, then the port closes. Entries already
        /// taken can still be completed; log entries can still be taken.
        /// </summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 1)
            {
                return;
            }

            foreach (var entry in _entries.ToArray())
            {
                entry.TryWithdraw();
            }

            // Nothing new arrives; what already arrived is taken by the accept loop and refused,
            // and what is still arriving is dropped unanswered (the sender retries).
            ManagedListenerShutdown.StopAccepting(_http);
            var grace = Stopwatch.StartNew();
            for (var round = 0; round < 2; round++)
            {
                while ((Volatile.Read(ref _inFlight) > 0 || !ManagedListenerShutdown.Settled(_http)) && grace.Elapsed < StopGrace)
                {
                    Thread.Sleep(10);
                }

                ManagedListenerShutdown.DropUnfinished(_http);
            }

            // Closing writes the head of every response not yet answered, 200 unless set: those
            // still open say 503, so Callbell resends them.
            foreach (var context in _open.Keys)
            {
                Refuse(context.Response);
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
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            Stop();
            foreach (var entry in _entries.ToArray())
            {
                entry.Resolve(false);
            }

            _entries.Dispose();
        }

        private static void Validate(WebhookListenerOptions options)
        {
            if (options.Prefixes.Count == 0)
            {
                throw CallbellException.InvalidArgument("Prefix", "The listener needs a port or at least one prefix.", "Use -Port 8080, or -Prefix http://localhost:8080/callbell/.");
            }

            if (options.Secret != null)
            {
                WebhookSignature.RequireSecret(options.Secret);
            }
            else if (!options.AllowUnsigned)
            {
                throw CallbellException.InvalidArgument(
                    "Secret",
                    "No -Secret: without it anyone who can reach the port could post events that look like Callbell's.",
                    "Give the webhook's signing secret (Callbell dashboard, webhook settings) with -Secret, or accept unverified events knowingly with -AllowUnsigned.");
            }

            WebhookSignature.RequireTolerance(options.Tolerance);
            Require(options.QueueLimit >= 1, "QueueLimit", "QueueLimit must be at least 1.");
            Require(options.MaxConcurrentRequests >= 1, "MaxConcurrentRequests", "MaxConcurrentRequests must be at least 1.");
            Require(options.MaxLogEntries >= 0, "MaxLogEntries", "MaxLogEntries must not be negative.");
            Require(options.MaxBodyBytes >= 1024, "MaxBodyBytes", "MaxBodyBytes must be at least 1 KiB.");
            Require(options.BodyTimeout > TimeSpan.Zero, "BodyTimeout", "BodyTimeout must be positive.");
            Require(options.TakeTimeout > TimeSpan.Zero, "TakeTimeout", "TakeTimeout must be positive.");
            Require(options.DuplicateWindow is null || options.DuplicateWindow > TimeSpan.Zero, "DuplicateWindow", "DuplicateWindow must be positive.");
        }

        private static void Require(bool condition, string parameter, string message)
        {
            if (!condition)
            {
                throw CallbellException.InvalidArgument(parameter, message);
            }
        }

        private static int Remaining(TimeSpan wait, Stopwatch clock)
        {
            var left = wait - clock.Elapsed;
            return left <= TimeSpan.Zero ? 0 : (int)Math.Min(left.TotalMilliseconds, int.MaxValue);
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
            // Runs until the port closes, not until Stop: HttpListener answers a request nobody
            // took with 200 when it closes, so everything that arrives while stopping is taken
            // here and answered 503.
            while (true)
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

                // Counted before its task starts, so Stop never closes over a request it did not see.
                Interlocked.Increment(ref _inFlight);
                _open[context] = 0;

                // Each request on its own task: one slow sender must not hold up the rest.
                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            var answered = false;
            try
            {
                if (!_slots.Wait(0))
                {
                    Defer("more than " + _options.MaxConcurrentRequests + " requests at once");
                    answered = await AnswerAsync(context, 503, null).ConfigureAwait(false);
                    return;
                }

                try
                {
                    answered = await ServeAsync(context).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            }
#pragma warning disable CA1031 // A request's failure, whatever it is, must end in an answer or an abort, never an open connection or a crashed process.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The sender went away, the listener stopped, or something unforeseen: nothing was acknowledged.
            }
            finally
            {
                if (!answered)
                {
                    Abort(context);
                }

                _open.TryRemove(context, out _);
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private async Task<bool> ServeAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var remote = request.RemoteEndPoint?.ToString() ?? "unknown";
            if (Volatile.Read(ref _stopped) == 1)
            {
                // Stopping: whatever this is, it is not taken now, and a check can come again.
                return await AnswerAsync(context, 503, null).ConfigureAwait(false);
            }

            if (request.HttpMethod != "POST")
            {
                Log(new ListenerEntry(ListenerEntryKind.Check, remote, request.HttpMethod + " " + request.Url?.AbsolutePath + ": answered 200 {\"status\":\"ok\"}."));
                return await AnswerAsync(context, 200, request.HttpMethod == "HEAD" ? null : Ok).ConfigureAwait(false);
            }

            var (body, refusal) = await ReadBodyAsync(context).ConfigureAwait(false);
            if (body is null)
            {
                return refusal == 413 && await AnswerAsync(context, 413, null).ConfigureAwait(false);
            }

            // The signature is checked on the raw bytes before anything parses them.
            DateTimeOffset? signedAt = null;
            if (_options.Secret != null)
            {
                try
                {
                    signedAt = WebhookSignature.Verify(body, request.Headers[WebhookSignature.HeaderName], _options.Secret, _options.Tolerance, DateTimeOffset.UtcNow);
                }
                catch (WebhookSignatureException ex)
                {
                    if (LooksLikeCheck(body))
                    {
                        Log(new ListenerEntry(ListenerEntryKind.Check, remote, "POST without an event (a connection check): answered 200 {\"status\":\"ok\"}."));
                        return await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
                    }

                    Log(new ListenerEntry(ListenerEntryKind.Rejected, remote, "A delivery from " + remote + " was refused (401): " + ex.Message + " Repeated refusals count as failed deliveries, and Callbell disables a webhook after enough of them."));
                    return await AnswerAsync(context, 401, null).ConfigureAwait(false);
                }
            }

            InboundEvent inbound;
            try
            {
                inbound = InboundEventReader.Read(body);
            }
            catch (WebhookFormatException) when (signedAt.HasValue && !LooksLikeCheck(body))
            {
                // Signed, so it came from Callbell, yet not one event object ([{"event": …}],
                // {"event": {…}}): written as it came, like any event, and acknowledged only then.
                inbound = InboundEventReader.Unrecognised(body);
            }
            catch (WebhookFormatException)
            {
                // Connection checks carry no event; their bodies need not even be JSON.
                Log(new ListenerEntry(ListenerEntryKind.Check, remote, "POST without an event (a connection check): answered 200 {\"status\":\"ok\"}."));
                return await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
            }

            if (signedAt.HasValue)
            {
                inbound.SignedAt = signedAt.Value;
                inbound.Verified = true;
            }

            var entry = new ListenerEntry(ListenerEntryKind.Event, remote, inbound.Event + " taken.", inbound);
            if (_options.DuplicateWindow.HasValue)
            {
                var hash = Hash(body);
                if (SeenRecently(hash))
                {
                    Log(new ListenerEntry(ListenerEntryKind.Duplicate, remote, "A " + inbound.Event + " event identical to one delivered in the last " + Seconds(_options.DuplicateWindow.Value) + " was acknowledged and not written again (Callbell resends when an acknowledgement does not reach it)."));
                    return await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
                }

                _hashes.Add(entry, hash);
            }

            if (!TryEnqueue(entry))
            {
                Defer(Volatile.Read(ref _stopped) == 1 ? "the receiver is stopping" : _options.QueueLimit + " events wait to be taken");
                return await AnswerAsync(context, 503, null).ConfigureAwait(false);
            }

            using (var timeout = new CancellationTokenSource())
            {
                var first = await Task.WhenAny(entry.Delivered, Task.Delay(_options.TakeTimeout, timeout.Token)).ConfigureAwait(false);
                timeout.Cancel();
                if (first != entry.Delivered && entry.TryWithdraw())
                {
                    Defer("an event was not taken within " + Seconds(_options.TakeTimeout));
                }
            }

            if (await entry.Delivered.ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _deferring, 0);
                return await AnswerAsync(context, 200, Ok).ConfigureAwait(false);
            }

            return await AnswerAsync(context, 503, null).ConfigureAwait(false);
        }

        /// <summary>"0.3 s" under every culture (de-DE would write "0,3").</summary>
        private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

        /// <summary>Notes, once per spell, that the receiver is answering 503: Callbell retries those, but counts them.</summary>
        private void Defer(string reason)
        {
            if (Interlocked.Exchange(ref _deferring, 1) == 0)
            {
                Log(new ListenerEntry(ListenerEntryKind.Deferred, "local", "Answering deliveries 503 (" + reason + "): Callbell sends them again, but repeated failed deliveries disable the webhook."));
            }
        }

        /// <summary>A body too small to be an event and naming none: what Callbell's connection checks look like.</summary>
        private static bool LooksLikeCheck(byte[] body) =>
            body.Length <= 4096 && Encoding.UTF8.GetString(body).IndexOf("\"event\"", StringComparison.Ordinal) < 0;

        private bool TryEnqueue(ListenerEntry entry)
        {
            lock (_entries)
            {
                if (Volatile.Read(ref _stopped) == 1 || _waiting >= _options.QueueLimit)
                {
                    return false;
                }

                Interlocked.Increment(ref _waiting);
                _entries.Add(entry);
                return true;
            }
        }

        private void Log(ListenerEntry entry)
        {
            lock (_entries)
            {
                if (_entries.IsAddingCompleted)
                {
                    return;
                }

                if (_logs >= _options.MaxLogEntries)
                {
                    Interlocked.Increment(ref _droppedLogs);
                    return;
                }

                Interlocked.Increment(ref _logs);
                _entries.Add(entry);
            }
        }

        private static string Hash(byte[] body)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(body));
        }

        private bool SeenRecently(string hash)
        {
            lock (_delivered)
            {
                return _delivered.TryGetValue(hash, out var at) && DateTime.UtcNow - at < _options.DuplicateWindow!.Value;
            }
        }

        private void Remember(string hash)
        {
            lock (_delivered)
            {
                var now = DateTime.UtcNow;
                if (_delivered.Count >= 10000)
                {
                    // Bounded: what is older than the window goes, and at worst the oldest half.
                    var old = _delivered.Where(p => now - p.Value >= _options.DuplicateWindow!.Value).Select(p => p.Key).ToList();
                    if (old.Count == 0)
                    {
                        old = _delivered.OrderBy(p => p.Value).Take(_delivered.Count / 2).Select(p => p.Key).ToList();
                    }

                    foreach (var key in old)
                    {
                        _delivered.Remove(key);
                    }
                }

                _delivered[hash] = now;
            }
        }

        /// <summary>The body, or null with 413 (too large) or 0 (too slow, malformed, or gone: the connection is aborted).</summary>
        private async Task<(byte[]? Body, int Refusal)> ReadBodyAsync(HttpListenerContext context)
        {
            var request = context.Request;
            if (request.ContentLength64 > _options.MaxBodyBytes)
            {
                return (null, 413);
            }

            // The managed listener has no body timeout: a sender that trickles is cut off here.
            using var deadline = new CancellationTokenSource(_options.BodyTimeout);
            using var abort = deadline.Token.Register(() => Abort(context, 408));
            try
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[4 * 1024];
                int read;
                while ((read = await request.InputStream.ReadAsync(chunk, 0, chunk.Length, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaxBodyBytes)
                    {
                        return (null, 413);
                    }

                    buffer.Write(chunk, 0, read);
                }

                // A connection that ends before the announced length is a cut body, not a short one.
                var cut = request.ContentLength64 > 0 && buffer.Length < request.ContentLength64;
                return deadline.IsCancellationRequested || cut || Volatile.Read(ref _stopped) == 1 ? (null, 0) : (buffer.ToArray(), 0);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpListenerException || ex is ObjectDisposedException || ex is OperationCanceledException || ex is InvalidOperationException || ex is FormatException)
            {
                return (null, 0);
            }
        }

        /// <summary>Makes whatever head the response still sends a refusal.</summary>
        private static void Refuse(HttpListenerResponse response, int status = 503)
        {
            try
            {
                response.StatusCode = status;
                response.KeepAlive = false;
                response.ContentLength64 = 0;
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException || ex is HttpListenerException)
            {
                // The head is already on its way, or the response is closed.
            }
        }

        private static async Task<bool> AnswerAsync(HttpListenerContext context, int status, byte[]? body)
        {
            var response = context.Response;
            response.StatusCode = status;

            // One request per connection. The managed listener, when it closes, writes a default
            // "200 OK" head into every connection it still holds: on a kept-alive connection a
            // sender's next request would read that as its acknowledgement.
            response.KeepAlive = false;

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
            return true;
        }

        /// <summary>
        /// Ends a request without an answer of ours. The managed listener (Linux, macOS) still
        /// writes the response head when it closes, 200 unless told otherwise: it is set to a
        /// failure first, so an abort can never read as an acknowledgement.
        /// </summary>
        private static void Abort(HttpListenerContext context, int status = 503)
        {
            Refuse(context.Response, status);
            try
            {
                context.Response.Abort();
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException || ex is HttpListenerException)
            {
                // Already closed.
            }
        }
    }
}
