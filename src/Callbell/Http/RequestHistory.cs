using System.Collections.Generic;

namespace Callbell.Http
{
    /// <summary>
    /// The last attempts of every request this process sent, in order, for a runbook's failure
    /// handler to print (Get-CallbellRequestLog) after nobody watched -Verbose. Bounded: the
    /// oldest attempt makes room for the newest.
    /// </summary>
    internal static class RequestHistory
    {
        /// <summary>How many attempts are kept.</summary>
        public const int Capacity = 1000;

        private static readonly RequestLogEntry?[] Ring = new RequestLogEntry?[Capacity];
        private static long _written;

        internal static void Record(RequestLogEntry entry)
        {
            lock (Ring)
            {
                Ring[_written % Capacity] = entry;
                _written++;
            }
        }

        /// <summary>The newest <paramref name="count"/> attempts (of <paramref name="account"/> when given), oldest first.</summary>
        internal static IReadOnlyList<RequestLogEntry> Last(int count, string? account = null)
        {
            var found = new List<RequestLogEntry>();
            lock (Ring)
            {
                var oldest = System.Math.Max(0, _written - Capacity);
                for (var i = _written - 1; i >= oldest && found.Count < count; i--)
                {
                    var entry = Ring[i % Capacity]!;
                    if (account is null || entry.Account == account)
                    {
                        found.Add(entry);
                    }
                }
            }

            found.Reverse();
            return found;
        }

        /// <summary>Forgets every attempt kept.</summary>
        public static void Clear()
        {
            lock (Ring)
            {
                System.Array.Clear(Ring, 0, Capacity);
                _written = 0;
            }
        }
    }
}
