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

        /// <summary>
        /// The status the API's handler gave it (before any fault changed or lost the answer);
        /// null when it never reached the handler (over budget, or a fault that refuses it).
        /// </summary>
        public int? HandlerStatus { get; private set; }

        /// <summary>
        /// True when the sandbox acted on it: its handler ran and succeeded, whether or not the
        /// answer reached the client. A request refused with 429, or by an injected error, was not
        /// acted on. This, not the request count, is what "sent once" is measured by.
        /// </summary>
        public bool Acted => HandlerStatus >= 200 && HandlerStatus < 300;

        internal void Answered(int status) => HandlerStatus = status;

        /// <summary>The fault injected into the answer, if any.</summary>
        public FaultKind? Fault { get; internal set; }

        public override string ToString() => Method + " " + Target + (Fault.HasValue ? " [" + Fault + "]" : string.Empty);
    }
}
