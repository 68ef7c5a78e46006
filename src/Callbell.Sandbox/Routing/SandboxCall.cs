using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Http;

namespace Callbell.Sandbox.Routing
{
    /// <summary>What a handler gets: the request, the path's variables, the body as JSON, and the state.</summary>
    public sealed class SandboxCall
    {
        private JsonObject? _body;
        private bool _bodyRead;

        internal SandboxCall(SandboxRequest request, IReadOnlyDictionary<string, string> values, SandboxState state)
        {
            Request = request;
            Values = values;
            State = state;
        }

        public SandboxRequest Request { get; }

        public IReadOnlyDictionary<string, string> Values { get; }

        public SandboxState State { get; }

        public string this[string name] => Values[name];

        /// <summary>The JSON body as an object; null when there is none or it is not a JSON object.</summary>
        public JsonObject? Body
        {
            get
            {
                if (!_bodyRead)
                {
                    _bodyRead = true;
                    try
                    {
                        _body = Request.Body.Length == 0 ? null : JsonNode.Parse(Request.Body) as JsonObject;
                    }
                    catch (JsonException)
                    {
                        _body = null;
                    }
                }

                return _body;
            }
        }

        public bool HasJsonBody => Body != null;

        public string? Query(string name) => Request.Query.TryGetValue(name, out var value) ? value : null;

        /// <summary>The page asked for, or null when "page" is absent; -1 when it is not a positive number.</summary>
        public int? Page
        {
            get
            {
                var text = Query("page");
                if (text is null)
                {
                    return null;
                }

                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : -1;
            }
        }
    }
}
