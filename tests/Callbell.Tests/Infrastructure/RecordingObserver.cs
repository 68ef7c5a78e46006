using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Http;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>Keeps every request log line, as the module's -Verbose stream would receive them.</summary>
    public sealed class RecordingObserver : IRequestObserver
    {
        private readonly ConcurrentQueue<RequestLogEntry> _entries = new ConcurrentQueue<RequestLogEntry>();

        public IReadOnlyList<RequestLogEntry> Entries => _entries.ToList();

        public IReadOnlyList<string> Lines => _entries.Select(e => e.ToString()).ToList();

        public void OnRequest(RequestLogEntry entry)
        {
            _entries.Enqueue(entry);
            lock (_waiters)
            {
                foreach (var waiter in _waiters.ToArray())
                {
                    if (waiter.Key(entry))
                    {
                        waiter.Value.TrySetResult(entry);
                        _waiters.Remove(waiter);
                    }
                }
            }
        }

        /// <summary>Completes when an entry matching <paramref name="match"/> has been logged (or already was).</summary>
        public Task<RequestLogEntry> WaitForAsync(Func<RequestLogEntry, bool> match)
        {
            var source = new TaskCompletionSource<RequestLogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                var seen = _entries.FirstOrDefault(match);
                if (seen != null)
                {
                    source.SetResult(seen);
                }
                else
                {
                    _waiters.Add(new KeyValuePair<Func<RequestLogEntry, bool>, TaskCompletionSource<RequestLogEntry>>(match, source));
                }
            }

            return source.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        private readonly List<KeyValuePair<Func<RequestLogEntry, bool>, TaskCompletionSource<RequestLogEntry>>> _waiters = new List<KeyValuePair<Func<RequestLogEntry, bool>, TaskCompletionSource<RequestLogEntry>>>();
    }
}
