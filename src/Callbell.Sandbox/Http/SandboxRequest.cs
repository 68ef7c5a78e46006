using System;
using System.Collections.Generic;

namespace Callbell.Sandbox.Http
{
    /// <summary>A request as the sandbox received it.</summary>
    public sealed class SandboxRequest
    {
        public SandboxRequest(string method, string target, IReadOnlyDictionary<string, string> headers, byte[] body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
            var question = target.IndexOf('?');
            Path = Uri.UnescapeDataString(question < 0 ? target : target.Substring(0, question));
            RawPath = question < 0 ? target : target.Substring(0, question);
            Query = ParseQuery(question < 0 ? string.Empty : target.Substring(question + 1));
        }

        public string Method { get; }

        /// <summary>Path and query exactly as sent.</summary>
        public string Target { get; }

        /// <summary>The path, still escaped.</summary>
        public string RawPath { get; }

        /// <summary>The path, unescaped.</summary>
        public string Path { get; }

        /// <summary>Query parameters, unescaped; a repeated name keeps its last value.</summary>
        public IReadOnlyDictionary<string, string> Query { get; }

        /// <summary>Header names are case-insensitive.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>The client said "Connection: close": answer, say so, and end the connection.</summary>
        public bool WantsClose => Header("Connection")?.IndexOf("close", System.StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The page asked for; 1 when absent or unreadable.</summary>
        public int Page => Query.TryGetValue("page", out var text) && int.TryParse(text, out var page) ? page : 1;

        private static Dictionary<string, string> ParseQuery(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in query.Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString((equals < 0 ? pair : pair.Substring(0, equals)).Replace('+', ' '));
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
                result[name] = value;
            }

            return result;
        }
    }
}
