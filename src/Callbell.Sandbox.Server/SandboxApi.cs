using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Http;

namespace Callbell.Sandbox
{
    /// <summary>
    /// The endpoints the sandbox speaks, as callbell-api.md describes them: auth, then routing
    /// to a handler that writes the documented JSON (quirks and all).
    /// </summary>
    internal sealed class SandboxApi
    {
        private const string Prefix = "/v1/";

        // Like the real API: "+" and non-ASCII letters written as they are, not as \u escapes.
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly SandboxOptions _options;
        private readonly string _token;

        public SandboxApi(SandboxOptions options, string token)
        {
            _options = options;
            _token = token;
        }

        public SandboxResponse Handle(SandboxRequest request)
        {
            if (request.Header("Authorization") != "Bearer " + _token)
            {
                return SandboxResponse.Error(401, "Unauthorized");
            }

            if (!request.Path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return SandboxResponse.Error(404, "Not found");
            }

            // Split the escaped path so an escaped "/" inside a segment stays inside it.
            var segments = request.RawPath.Substring(Prefix.Length).Split('/').Select(Uri.UnescapeDataString).ToArray();
            if (request.Method != "GET")
            {
                return SandboxResponse.Error(405, "Method not allowed");
            }

            switch (segments.Length)
            {
                case 2 when segments[0] == "auth" && segments[1] == "me":
                    return Json(w =>
                    {
                        w.WriteString("api_key", _token); // the real API echoes the token here too
                        w.WriteString("status", "ok");
                        w.WriteString("user_email", "admin@sandbox.callbell.local");
                        w.WriteString("user_name", "Sandbox Admin");
                    });
                case 1 when segments[0] == "contacts":
                    return ListContacts(request);
                case 2 when segments[0] == "contacts":
                    return OneContact(ContactGenerator.IndexOfUuid(segments[1]), wrapped: true, request);
                case 3 when segments[0] == "contacts" && segments[1] == "phone":
                    return OneContact(ContactGenerator.IndexOfPhone(segments[2]), wrapped: false, request);
                case 3 when segments[0] == "contacts" && segments[1] == "bsuid":
                    return OneContact(ContactGenerator.IndexOfBsuid(segments[2]), wrapped: false, request);
                default:
                    return SandboxResponse.Error(404, "Not found");
            }
        }

        private SandboxResponse ListContacts(SandboxRequest request)
        {
            var filter = ContactFilter.From(request.Query);
            var includeTypes = request.Query.TryGetValue("include_field_types", out var types) && types == "true";
            var page = Math.Max(1, request.Page);
            return Json(w =>
            {
                w.WriteStartArray("contacts");
                foreach (var contact in filter.Page(_options.Contacts, page, _options.PageSize))
                {
                    ContactJsonWriter.Write(w, contact, includeTypes, _options.UnknownFields);
                }

                w.WriteEndArray();
            });
        }

        private SandboxResponse OneContact(int index, bool wrapped, SandboxRequest request)
        {
            if (index < 0 || index >= _options.Contacts)
            {
                return SandboxResponse.Error(404, "Contact not found");
            }

            var includeTypes = request.Query.TryGetValue("include_field_types", out var types) && types == "true";
            var contact = ContactGenerator.Create(index);
            return Json(w =>
            {
                // The reference wraps a contact in an array on some endpoints and not on others.
                w.WritePropertyName("contact");
                if (wrapped)
                {
                    w.WriteStartArray();
                }

                ContactJsonWriter.Write(w, contact, includeTypes, _options.UnknownFields);
                if (wrapped)
                {
                    w.WriteEndArray();
                }
            });
        }

        private static SandboxResponse Json(Action<Utf8JsonWriter> writeProperties)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                writer.WriteStartObject();
                writeProperties(writer);
                writer.WriteEndObject();
            }

            return new SandboxResponse(200, stream.ToArray());
        }

        /// <summary>The documented filters of GET /contacts. The reference does not say whether several tags match any or all; the sandbox requires all.</summary>
        private sealed class ContactFilter
        {
            private string? _source;
            private string[] _tags = Array.Empty<string>();
            private string? _team;

            private bool IsEmpty => _source is null && _tags.Length == 0 && _team is null;

            public static ContactFilter From(IReadOnlyDictionary<string, string> query)
            {
                var filter = new ContactFilter();
                if (query.TryGetValue("source", out var source))
                {
                    filter._source = source;
                }

                if (query.TryGetValue("tags", out var tags))
                {
                    filter._tags = tags.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();
                }

                if (query.TryGetValue("team_uuid", out var team))
                {
                    filter._team = team;
                }

                return filter;
            }

            public IEnumerable<SandboxContact> Page(int total, int page, int pageSize)
            {
                var skip = (long)(page - 1) * pageSize;
                if (IsEmpty)
                {
                    for (var i = skip; i < Math.Min(total, skip + pageSize); i++)
                    {
                        yield return ContactGenerator.Create((int)i);
                    }

                    yield break;
                }

                var matched = 0L;
                var taken = 0;
                for (var i = 0; i < total && taken < pageSize; i++)
                {
                    var contact = ContactGenerator.Create(i);
                    if (!Matches(contact))
                    {
                        continue;
                    }

                    if (matched++ >= skip)
                    {
                        taken++;
                        yield return contact;
                    }
                }
            }

            private bool Matches(SandboxContact c)
            {
                if (_source != null && !string.Equals(c.Source, _source, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                if (_team != null && c.Team?.Uuid != _team)
                {
                    return false;
                }

                return _tags.All(t => c.Tags.Contains(t, StringComparer.OrdinalIgnoreCase));
            }
        }
    }
}
