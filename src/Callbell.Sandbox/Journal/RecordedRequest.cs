using System;
using System.Collections.Generic;
using Callbell.Sandbox.Faults;

namespace Callbell.Sandbox.Journal
{
    /// <summary>A request the sandbox received, for tests to assert what the client sent.</summary>
    public sealed class RecordedRequest
    {
        internal RecordedRequest(string method, string target, string path, IReadOnlyDictionary<string, string> query, IReadOnlyDictionary<string, string> headers, byte[] body, int page, DateTimeOffset receivedAt)
        {
            Method = method;
            Target = target;
            Path = path;
            Query = query;
            Headers = headers;
            Body = body;
            Page = page;
            ReceivedAt = receivedAt;
        }

        public string Method { get; }

        public string Target { get; }

        public string Path { get; }

        public IReadOnlyDictionary<string, string> Query { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public int Page { get; }

        public DateTimeOffset ReceivedAt { get; }

        /// <summary>True when it was refused with 429: over the account's rate limit.</summary>
        public bool OverBudget { get; internal set; }

        /// <summary>The fault injected into the answer, if any.</summary>
        public FaultKind? Fault { get; internal set; }

        public override string ToString() => Method + " " + Target + (Fault.HasValue ? " [" + Fault + "]" : string.Empty);
    }
}
