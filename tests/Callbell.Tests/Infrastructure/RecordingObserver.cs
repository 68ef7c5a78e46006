using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Callbell.Http;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>Keeps every request log line, as the module's -Verbose stream would receive them.</summary>
    public sealed class RecordingObserver : IRequestObserver
    {
        private readonly ConcurrentQueue<RequestLogEntry> _entries = new ConcurrentQueue<RequestLogEntry>();

        public IReadOnlyList<RequestLogEntry> Entries => _entries.ToList();

        public IReadOnlyList<string> Lines => _entries.Select(e => e.ToString()).ToList();

        public void OnRequest(RequestLogEntry entry) => _entries.Enqueue(entry);
    }
}
