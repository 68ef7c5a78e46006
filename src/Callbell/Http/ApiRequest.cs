using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace Callbell.Http
{
    /// <summary>
    /// One API call before it is sent: method, validated path segments, query parameters in the
    /// order they were added, an optional JSON body, and whether it is safe to repeat. Building
    /// the URL here (not by string concatenation at call sites) is what keeps a hostile
    /// identifier from becoming another URL.
    /// </summary>
    public sealed class ApiRequest
    {
        private static readonly HttpMethod PatchMethod = new HttpMethod("PATCH");

        private readonly List<string> _segments = new List<string>();
        private readonly List<string> _template = new List<string>();
        private readonly List<KeyValuePair<string, string>> _query = new List<KeyValuePair<string, string>>();
        private readonly List<string> _parameterNames = new List<string>();

        public ApiRequest(HttpMethod method, string path)
        {
            Method = method;
            SafeToRepeat = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head || method.Method == "PATCH";
            foreach (var part in path.Split('/'))
            {
                if (part.Length > 0)
                {
                    _segments.Add(part);
                    _template.Add(part);
                }
            }
        }

        public HttpMethod Method { get; }

        /// <summary>The JSON body (POST, PUT, PATCH), if any.</summary>
        public JsonBody? Body { get; private set; }

        /// <summary>
        /// Whether a failure after the request may have reached the server (5xx, timeout, dropped
        /// connection) is retried. From the verb by default: GET, PUT, PATCH, DELETE yes, POST no.
        /// </summary>
        public bool SafeToRepeat { get; private set; }

        /// <summary>"GET contacts/{Uuid}": the method and path with user values as their parameter names.</summary>
        public string Route => Method.Method + " " + string.Join("/", _template);

        public static ApiRequest Get(string path) => new ApiRequest(HttpMethod.Get, path);

        public static ApiRequest Post(string path) => new ApiRequest(HttpMethod.Post, path);

        public static ApiRequest Put(string path) => new ApiRequest(HttpMethod.Put, path);

        public static ApiRequest Patch(string path) => new ApiRequest(PatchMethod, path);

        public static ApiRequest Delete(string path) => new ApiRequest(HttpMethod.Delete, path);

        /// <summary>Marks a POST the API treats as idempotent (open/close conversation, webhook subscribe).</summary>
        public ApiRequest Idempotent()
        {
            SafeToRepeat = true;
            return this;
        }

        public ApiRequest WithBody(JsonBody body)
        {
            Body = body;
            return this;
        }

        /// <summary>Adds a path segment taken from user input (an id: letters, digits, -, _ and .), escaped and checked.</summary>
        public ApiRequest Segment(string? value, string parameterName) => Segment(value, parameterName, IdentifierKind.Identifier);

        /// <summary>Adds a path segment taken from user input, escaped and checked by <paramref name="kind"/>.</summary>
        internal ApiRequest Segment(string? value, string parameterName, IdentifierKind kind)
        {
            _segments.Add(Identifier.Validate(value, parameterName, kind));
            _template.Add("{" + parameterName + "}");
            return this;
        }

        /// <summary>Adds a literal path segment after a user segment ("contacts/{Uuid}/messages").</summary>
        public ApiRequest Then(string path)
        {
            foreach (var part in path.Split('/'))
            {
                if (part.Length > 0)
                {
                    _segments.Add(part);
                    _template.Add(part);
                }
            }

            return this;
        }

        /// <summary>
        /// Adds a query parameter; a null value adds nothing, so absent parameters are never sent.
        /// <paramref name="parameterName"/> is the caller-facing name errors will use.
        /// </summary>
        public ApiRequest Query(string name, string? value, string? parameterName = null)
        {
            if (value != null)
            {
                _query.Add(new KeyValuePair<string, string>(name, value));
                _parameterNames.Add(parameterName ?? name);
            }

            return this;
        }

        /// <summary>Replaces (or adds) a query parameter: the next page or cursor of the same request.</summary>
        public ApiRequest WithQuery(string name, string? value, string? parameterName = null)
        {
            var copy = new ApiRequest(Method, string.Empty) { Body = Body, SafeToRepeat = SafeToRepeat };
            copy._segments.AddRange(_segments);
            copy._template.AddRange(_template);
            for (var i = 0; i < _query.Count; i++)
            {
                if (_query[i].Key != name)
                {
                    copy._query.Add(_query[i]);
                    copy._parameterNames.Add(_parameterNames[i]);
                }
            }

            return copy.Query(name, value, parameterName);
        }

        /// <summary>Refuses a URL longer than <paramref name="maxLength"/>, naming the longest parameter.</summary>
        public Uri ResolveAgainst(Uri baseUri, int maxLength)
        {
            var uri = new Uri(baseUri, RelativeUrl);
            if (uri.AbsoluteUri.Length <= maxLength)
            {
                return uri;
            }

            var culprit = "the request";
            var longest = -1;
            for (var i = 0; i < _query.Count; i++)
            {
                if (_query[i].Value.Length > longest)
                {
                    longest = _query[i].Value.Length;
                    culprit = _parameterNames[i];
                }
            }

            throw CallbellException.InvalidArgument(
                culprit,
                "The request URL would be " + uri.AbsoluteUri.Length + " characters long, over the limit of " + maxLength + "; " + culprit + " is too long.",
                "Pass fewer or shorter values to " + culprit + ", or split the work into several calls.");
        }

        public IReadOnlyList<KeyValuePair<string, string>> QueryParameters => _query;

        /// <summary>The request's address relative to the base URI: "contacts/phone/%2B3933?channel_uuid=…".</summary>
        public string RelativeUrl
        {
            get
            {
                var text = new StringBuilder();
                foreach (var segment in _segments)
                {
                    if (text.Length > 0)
                    {
                        text.Append('/');
                    }

                    text.Append(Uri.EscapeDataString(segment));
                }

                for (var i = 0; i < _query.Count; i++)
                {
                    text.Append(i == 0 ? '?' : '&');
                    text.Append(Uri.EscapeDataString(_query[i].Key)).Append('=').Append(EscapeQueryValue(_query[i].Value));
                }

                return text.ToString();
            }
        }

        public override string ToString() => Method.Method + " " + RelativeUrl;

        // Commas stay literal: the API documents comma-separated lists (tags, subscriptions).
        private static string EscapeQueryValue(string value) => Uri.EscapeDataString(value).Replace("%2C", ",");
    }
}
