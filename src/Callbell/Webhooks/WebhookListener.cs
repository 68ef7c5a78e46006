using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http.Inbound;

namespace Callbell.Webhooks
{
    /// <summary>
    /// A local HTTP endpoint for Callbell's webhook, safe to expose:
    /// <list type="bullet">
    /// <item>It answers connection checks with 200 {"status":"ok"}, and verifies each event's
    /// signature before it parses the body (401 otherwise); unsigned events are taken only when
    /// <see cref="WebhookListenerOptions.AllowUnsigned"/> says so. A correctly signed body that
    /// is not one event is still taken, as an event of unknown shape: it came from Callbell.</item>
    /// <item>An event is answered 200 only once the caller has taken it and said it was delivered
    /// (<see cref="Complete"/>); one that is not taken in time, or is still waiting when the
    /// listener stops, is answered 503 so Callbell sends it again. Callbell never resends an
    /// acknowledged event, so nothing acknowledged can be lost.</item>
    /// <item>Everything is bounded: connections (idle ones too), the time a request may take and
    /// a connection may idle, header and body size, the bytes held in bodies in all, events
    /// waiting and log entries waiting.</item>
    /// </list>
    /// It serves HTTP/1.1 itself on a TcpListener (<see cref="HttpEndpoint"/>): keep-alive,
    /// chunked bodies and "Expect: 100-continue", alike on every OS and edition, and without
    /// administrator rights or a URL reservation for any address.
    /// </summary>
    public sealed class WebhookListener : IDisposable
    {
        private static readonly byte[] OkBody = Encoding.UTF8.GetBytes("{\"status\":\"ok\"}");
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

        /// <summary>Callbell's deliveries carry a handful of headers; 16 KiB is room for any proxy's additions.</summary>
        private const int MaxHeaderBytes = 16 * 1024;

        private readonly WebhookListenerOptions _options;
        private readonly IReadOnlyList<ListenPrefix> _prefixes;
        private readonly BlockingCollection<ListenerEntry> _entries = new BlockingCollection<ListenerEntry>();
        private readonly Dictionary<string, DateTime> _delivered = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        private readonly ConditionalWeakTable<ListenerEntry, string> _hashes = new ConditionalWeakTable<ListenerEntry, string>();
        private HttpEndpoint? _endpoint;
        private int _disposed;
        private int _waiting;
        private int _logs;
        private int _droppedLogs;
        private int _deferring;
        private int _stopped;

        private WebhookListener(WebhookListenerOptions options, IReadOnlyList<ListenPrefix> prefixes)
        {
            _options = options;
            _prefixes = prefixes;
        }

        /// <summary>Events waiting to be taken.</summary>
        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>Requests being read or answered now.</summary>
        public int InFlight => _endpoint?.Busy ?? 0;

        /// <summary>Connections open now, idle ones included.</summary>
        public int OpenConnections => _endpoint?.Open ?? 0;

        /// <summary>Log entries (checks, refusals) not kept because <see cref="WebhookListenerOptions.MaxLogEntries"/> were waiting.</summary>
        public int DroppedLogEntries => Volatile.Read(ref _droppedLogs);

        /// <summary>Starts listening. A port another program holds, or an address this machine does not have, is a <see cref="CallbellException"/> naming it.</summary>
        public static WebhookListener Start(WebhookListenerOptions options)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var prefixes = Validate(options);
            var listener = new WebhookListener(options, prefixes);
            var endpoint = new EndpointOptions(
                new RequestLimits(MaxHeaderBytes, options.MaxBodyBytes),
                options.MaxConnections,
                options.MaxBufferedBytes,
                options.BodyTimeout,
                options.IdleTimeout);
            listener._endpoint = HttpEndpoint.Start(prefixes, endpoint, listener.HandleAsync, listener.Defer);
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

            // Under the lock, so no event is queued after the snapshot (TryEnqueue checks the flag under it).
            ListenerEntry[] waiting;
            lock (_entries)
            {
                waiting = _entries.ToArray();
            }

            foreach (var entry in waiting)
            {
                entry.TryWithdraw();
            }

            // Nothing new arrives and idle connections close; requests already begun or arrived
            // are answered 503 by HandleAsync, and get a moment to be; then every connection
            // closes, and what was not answered by then was not acknowledged (the sender retries).
            _endpoint!.StopAccepting();
            var grace = Stopwatch.StartNew();
            while (_endpoint.Unanswered && grace.Elapsed < StopGrace)
            {
                Thread.Sleep(10);
            }

            _endpoint.Dispose();
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

        /// <summary>Every option checked, before any socket opens; the prefixes, read.</summary>
        private static IReadOnlyList<ListenPrefix> Validate(WebhookListenerOptions options)
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
            Require(options.MaxConnections >= 1, "MaxConnections", "MaxConnections must be at least 1.");
            Require(options.MaxLogEntries >= 0, "MaxLogEntries", "MaxLogEntries must not be negative.");
            Require(options.MaxBodyBytes >= 1024, "MaxBodyBytes", "MaxBodyBytes must be at least 1 KiB.");
            Require(options.BodyTimeout > TimeSpan.Zero, "BodyTimeout", "BodyTimeout must be positive.");
            Require(options.TakeTimeout > TimeSpan.Zero, "TakeTimeout", "TakeTimeout must be positive.");
            Require(options.DuplicateWindow is null || options.DuplicateWindow > TimeSpan.Zero, "DuplicateWindow", "DuplicateWindow must be positive.");
            Require(options.IdleTimeout > TimeSpan.Zero && options.IdleTimeout <= TimeSpan.FromDays(1), "IdleTimeout", "IdleTimeout must be positive and at most a day.");
            Require(options.BodyTimeout <= TimeSpan.FromDays(1), "BodyTimeout", "BodyTimeout must be at most a day.");
            Require(options.MaxBufferedBytes >= options.MaxBodyBytes, "MaxBufferedBytes", "MaxBufferedBytes must hold at least one body of MaxBodyBytes.");
            return options.Prefixes.Select(p => ListenPrefix.Parse(p, "Prefix")).ToList();
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

        /// <summary>Answers one request the endpoint read whole: a check, an event (once taken), or a refusal.</summary>
        private async Task<InboundResponse> HandleAsync(InboundRequest request)
        {
            var remote = request.Remote;
            if (Volatile.Read(ref _stopped) == 1)
            {
                // Stopping: whatever this is, it is not taken now, and a check can come again.
                return InboundResponse.Refusal(503, close: true);
            }

            if (!_prefixes.Any(p => p.Matches(request.RawPath)))
            {
                return new InboundResponse(404);
            }

            if (request.Method != "POST")
            {
                Log(new ListenerEntry(ListenerEntryKind.Check, remote, request.Method + " " + request.RawPath + ": answered 200 {\"status\":\"ok\"}."));
                return request.Method == "HEAD" ? new InboundResponse(200) : Ok();
            }

            var body = request.Body;

            // The signature is checked on the raw bytes before anything parses them.
            DateTimeOffset? signedAt = null;
            if (_options.Secret != null)
            {
                try
                {
                    signedAt = WebhookSignature.Verify(body, request.Header(WebhookSignature.HeaderName), _options.Secret, _options.Tolerance, DateTimeOffset.UtcNow);
                }
                catch (WebhookSignatureException ex)
                {
                    if (LooksLikeCheck(body))
                    {
                        return Check(remote);
                    }

                    Log(new ListenerEntry(ListenerEntryKind.Rejected, remote, "A delivery from " + remote + " was refused (401): " + ex.Message + " Repeated refusals count as failed deliveries, and Callbell disables a webhook after enough of them."));
                    return new InboundResponse(401);
                }
            }

            InboundEvent inbound;
            try
            {
                inbound = InboundEventReader.Read(body);
            }
            catch (WebhookFormatException) when (!LooksLikeCheck(body))
            {
                // Taken (signed, or unsigned events allowed) and naming an event, yet not one event
                // object ([{"event": …}], {"event": {…}}, JSON cut short): written as it came, like
                // any event, and acknowledged only then. A 200 here would drop it for good.
                inbound = InboundEventReader.Unrecognised(body);
            }
            catch (WebhookFormatException)
            {
                // Connection checks carry no event; their bodies need not even be JSON.
                return Check(remote);
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
                    return Ok();
                }

                _hashes.Add(entry, hash);
            }

            if (!TryEnqueue(entry))
            {
                var stopping = Volatile.Read(ref _stopped) == 1;
                Defer(stopping ? "the receiver is stopping" : _options.QueueLimit + " events wait to be taken");
                return InboundResponse.Refusal(503, close: stopping);
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
                return Ok();
            }

            return InboundResponse.Refusal(503, close: Volatile.Read(ref _stopped) == 1);
        }

        private static InboundResponse Ok() => new InboundResponse(200, OkBody);

        private InboundResponse Check(string remote)
        {
            Log(new ListenerEntry(ListenerEntryKind.Check, remote, "POST without an event (a connection check): answered 200 {\"status\":\"ok\"}."));
            return Ok();
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
    }
}
