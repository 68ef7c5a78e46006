using System;
using System.Globalization;
using System.Net.Http.Headers;

namespace Callbell.Http
{
    /// <summary>
    /// How long to wait before trying again. Whether to try again is the request's to say
    /// (<see cref="ApiRequest.SafeToRepeat"/>): requests safe to repeat are retried on 5xx,
    /// timeouts and dropped connections; others are not, because they may already have reached
    /// the server (a WhatsApp message sent twice is worse than a clear error). A 429 and a
    /// connection refused mean "not processed", so they are retried for every request.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly Random _random = new Random();
        private readonly object _gate = new object();

        public RetryPolicy(CallbellConnectionOptions options)
        {
            MaxAttempts = options.MaxAttempts;
            MaxTotalWait = options.MaxRetryWait;
            BaseDelay = options.RetryBaseDelay;
            MaxDelay = options.RetryMaxDelay;
        }

        public int MaxAttempts { get; }

        public TimeSpan MaxTotalWait { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        /// <summary>Exponential backoff with "equal jitter": half fixed, half random.</summary>
        public TimeSpan Backoff(int attempt)
        {
            var exponent = Math.Min(attempt - 1, 20);
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
            double factor;
            lock (_gate)
            {
                factor = 0.5 + (_random.NextDouble() * 0.5);
            }

            return TimeSpan.FromMilliseconds(ceiling * factor);
        }

        /// <summary>Retry-After as seconds or an HTTP date; null when absent or unreadable.</summary>
        public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
        {
            var value = headers.RetryAfter;
            if (value?.Delta is TimeSpan delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (value?.Date is DateTimeOffset date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            // Some servers send fractional seconds, which the typed header rejects.
            if (headers.TryGetValues("Retry-After", out var raw))
            {
                foreach (var text in raw)
                {
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        return TimeSpan.FromSeconds(seconds);
                    }
                }
            }

            return null;
        }
    }
}
