using System;
using System.Collections.Generic;

namespace Callbell.Http.Inbound
{
    /// <summary>One HTTP/1.1 request as a server read it: the webhook endpoint's, and the sandbox's.</summary>
    internal sealed class InboundRequest
    {
        public InboundRequest(string method, string target, string version, IReadOnlyDictionary<string, string> headers, byte[] body)
        {
            Method = method;
            Target = target;
            Version = version;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }

        /// <summary>Path and query exactly as sent.</summary>
        public string Target { get; }

        /// <summary>HTTP/1.1 or HTTP/1.0.</summary>
        public string Version { get; }

        /// <summary>Header names are case-insensitive; a repeated header's values are joined with ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        /// <summary>The path, still escaped, without the query; from an absolute target (http://host/path, as some proxies send), its path.</summary>
        public string RawPath
        {
            get
            {
                var target = Target;
                var scheme = target.IndexOf("://", StringComparison.Ordinal);
                if (scheme > 0 && target[0] != '/')
                {
                    var slash = target.IndexOf('/', scheme + 3);
                    target = slash < 0 ? "/" : target.Substring(slash);
                }

                var question = target.IndexOf('?');
                return question < 0 ? target : target.Substring(0, question);
            }
        }

        /// <summary>Where it came from, for logs.</summary>
        public string Remote { get; set; } = "unknown";

        /// <summary>Bytes of the shared buffer budget its body holds until it is answered.</summary>
        internal long Reserved { get; set; }

        /// <summary>The connection may carry another request after this one's answer: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive".</summary>
        public bool KeepAlive
        {
            get
            {
                var connection = Header("Connection") ?? string.Empty;
                return Version == "HTTP/1.1"
                    ? connection.IndexOf("close", StringComparison.OrdinalIgnoreCase) < 0
                    : connection.IndexOf("keep-alive", StringComparison.OrdinalIgnoreCase) >= 0;
            }
        }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
