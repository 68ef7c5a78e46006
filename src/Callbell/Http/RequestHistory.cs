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

        /// <summary>The newest <paramref name="count"/> attempts (of <paramref name="account"/> and <paramref name="session"/> when given), oldest first.</summary>
        internal static IReadOnlyList<RequestLogEntry> Last(int count, string? account = null, System.Guid? session = null)
        {
            var found = new List<RequestLogEntry>();
            lock (Ring)
            {
                var oldest = System.Math.Max(0, _written - Capacity);
                for (var i = _written - 1; i >= oldest && found.Count < count; i--)
                {
                    var entry = Ring[i % Capacity];
                    if (entry != null && (account is null || entry.Account == account) && (session is null || entry.Session == session))
                    {
                        found.Add(entry);
                    }
                }
            }

            found.Reverse();
            return found;
        }

        /// <summary>Forgets the attempts kept (of <paramref name="session"/> only, when given).</summary>
        public static void Clear(System.Guid? session = null)
        {
            lock (Ring)
            {
                if (session is null)
                {
                    System.Array.Clear(Ring, 0, Capacity);
                    _written = 0;
                    return;
                }

                for (var i = 0; i < Capacity; i++)
                {
                    if (Ring[i]?.Session == session)
                    {
                        Ring[i] = null;
                    }
                }
            }
        }
    }
}
