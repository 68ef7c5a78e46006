using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http
{
    /// <summary>
    /// Keeps one account under its requests-per-second budget across every connection, runspace
    /// and thread of the process. A sliding log, not a token bucket: request i+N may start only a
    /// full window after request i, so no one-second window ever holds more than N starts (a
    /// bucket would allow a burst of N plus its refill). A 429's Retry-After pauses every caller.
    /// </summary>
    public sealed class RequestRateLimiter
    {
        private static readonly ConcurrentDictionary<(string Authority, ApiToken Token, int PerSecond), RequestRateLimiter> Shared =
            new ConcurrentDictionary<(string Authority, ApiToken Token, int PerSecond), RequestRateLimiter>();

        // The window is a little longer than a second: the server counts arrival times, which
        // scheduling and connection setup can squeeze closer together than our start times.
        private static readonly long WindowTicks = (long)(Stopwatch.Frequency * 1.1);

        private readonly object _gate = new object();
        private readonly long[] _starts;
        private int _next;
        private long _pausedUntil;

        public RequestRateLimiter(int requestsPerSecond)
        {
            RequestsPerSecond = requestsPerSecond;
            _starts = new long[requestsPerSecond];
            for (var i = 0; i < _starts.Length; i++)
            {
                _starts[i] = long.MinValue / 2;
            }
        }

        public int RequestsPerSecond { get; }

        /// <summary>The limiter every connection to this account (base URI + token) in the process shares.</summary>
        public static RequestRateLimiter For(Uri baseUri, ApiToken token, int requestsPerSecond)
        {
            return Shared.GetOrAdd((baseUri.GetLeftPart(UriPartial.Authority), token, requestsPerSecond), _ => new RequestRateLimiter(requestsPerSecond));
        }

        /// <summary>Waits for this caller's turn. The slot is reserved at once, so callers are served in order.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            long start;
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                start = Math.Max(now, Math.Max(_starts[_next] + WindowTicks, _pausedUntil));
                _starts[_next] = start;
                _next = (_next + 1) % _starts.Length;
            }

            await DelayUntil(start, cancellationToken).ConfigureAwait(false);

            // A pause set while we waited applies to us too.
            long paused;
            while ((paused = Interlocked.Read(ref _pausedUntil)) > Stopwatch.GetTimestamp())
            {
                await DelayUntil(paused, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Holds every caller of this account until <paramref name="delay"/> from now has passed.</summary>
        public void Pause(TimeSpan delay)
        {
            var until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            lock (_gate)
            {
                if (until > _pausedUntil)
                {
                    Interlocked.Exchange(ref _pausedUntil, until);
                }
            }
        }

        private static Task DelayUntil(long timestamp, CancellationToken cancellationToken)
        {
            var ticks = timestamp - Stopwatch.GetTimestamp();
            if (ticks <= 0)
            {
                return Task.CompletedTask;
            }

            var milliseconds = (int)Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);
            return Task.Delay(milliseconds, cancellationToken);
        }
    }
}
