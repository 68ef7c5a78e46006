using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace Callbell.RateLimits
{
    /// <summary>
    /// The process's limiters, one per account: every connection, runspace and thread using an
    /// account shares its limiter, and through the limiter's pace file, the machine's other
    /// processes share it too. An account is known by whom /auth/me says the token belongs to,
    /// once a connection has asked; until then by its token. A limiter outlives its last
    /// connection by one window, so a connection made just after cannot start with a full budget
    /// that was just spent.
    /// </summary>
    internal static class AccountLimiters
    {
        private static readonly Dictionary<string, RequestRateLimiter> Live = CreateLive();

        /// <summary>How many limiters the process holds (one per account in use, or used within the last window).</summary>
        internal static int Count
        {
            get
            {
                lock (Live)
                {
                    return Live.Count;
                }
            }
        }

        private static Dictionary<string, RequestRateLimiter> CreateLive()
        {
            // A process that ends gives up its pace files too (removed where no other process has them).
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                RequestRateLimiter[] all;
                lock (Live)
                {
                    all = new RequestRateLimiter[Live.Count];
                    Live.Values.CopyTo(all, 0);
                    Live.Clear();
                }

                foreach (var limiter in all)
                {
                    limiter.Retire();
                }
            };
            return new Dictionary<string, RequestRateLimiter>(StringComparer.Ordinal);
        }

        /// <summary>The key of an account known only by its token.</summary>
        public static string KeyFor(Uri baseUri, ApiToken token) => baseUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + " token " + token.Fingerprint();

        /// <summary>The key of the account /auth/me named: every token of it shares one budget.</summary>
        public static string KeyFor(Uri baseUri, string accountEmail) => baseUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + " account " + accountEmail.Trim().ToLower(CultureInfo.InvariantCulture);

        /// <summary>Takes a reference to the account's limiter for a connection that asked for <paramref name="requestsPerSecond"/>.</summary>
        public static RequestRateLimiter Acquire(string account, int requestsPerSecond)
        {
            lock (Live)
            {
                if (!Live.TryGetValue(account, out var limiter))
                {
                    limiter = new RequestRateLimiter(requestsPerSecond, (PaceCell?)SharedPaceCell.TryOpen(account) ?? new PaceCell(), account);
                    Live.Add(account, limiter);
                }

                limiter.Hold(requestsPerSecond);
                return limiter;
            }
        }

        /// <summary>Gives back a reference taken by <see cref="Acquire"/>; the last one lets the limiter go a window later.</summary>
        public static void Release(RequestRateLimiter limiter, int requestsPerSecond)
        {
            lock (Live)
            {
                if (!limiter.Unhold(requestsPerSecond))
                {
                    return;
                }
            }

            var window = TimeSpan.FromTicks(RequestRateLimiter.WindowTicks);
            _ = Task.Delay(window).ContinueWith(
                _ =>
                {
                    lock (Live)
                    {
                        if (limiter.References > 0 || !Live.TryGetValue(limiter.Account!, out var current) || !ReferenceEquals(current, limiter))
                        {
                            return; // taken again meanwhile
                        }

                        Live.Remove(limiter.Account!);
                    }

                    limiter.Retire();
                },
                TaskScheduler.Default);
        }
    }
}
