using System;
using System.Collections.Generic;

namespace Callbell.Sandbox.Routing
{
    /// <summary>One endpoint: method + path template ("contacts/{uuid}/bot") → handler.</summary>
    public sealed class Route
    {
        private readonly string[] _parts;

        internal Route(string method, string template, Func<SandboxCall, Http.SandboxResponse> handler, bool alias)
        {
            Method = method;
            Template = template;
            Handler = handler;
            IsAlias = alias;
            _parts = template.Split('/');
        }

        public string Method { get; }

        /// <summary>The path after /v1/, with {name} for each variable segment.</summary>
        public string Template { get; }

        /// <summary>True for a spelling the reference's snippets use but its page titles do not (accepted, not documented).</summary>
        public bool IsAlias { get; }

        internal Func<SandboxCall, Http.SandboxResponse> Handler { get; }

        /// <summary>Literal segments first: "contacts/phone/{number}" wins over "contacts/{uuid}/…".</summary>
        internal int Literals
        {
            get
            {
                var count = 0;
                foreach (var part in _parts)
                {
                    count += part.StartsWith("{", StringComparison.Ordinal) ? 0 : 1;
                }

                return count;
            }
        }

        internal bool TryMatch(string[] segments, out Dictionary<string, string> values)
        {
            values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (segments.Length != _parts.Length)
            {
                return false;
            }

            for (var i = 0; i < _parts.Length; i++)
            {
                if (_parts[i].StartsWith("{", StringComparison.Ordinal))
                {
                    values[_parts[i].Trim('{', '}')] = segments[i];
                }
                else if (!string.Equals(_parts[i], segments[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Method + " /" + Template;
    }
}
