using System;
using System.Collections.Generic;
using System.Linq;

namespace Callbell.Sandbox.Data
{
    /// <summary>
    /// The documented filters of GET /contacts. The reference does not say whether several tags
    /// match any or all; the sandbox requires all.
    /// </summary>
    public sealed class ContactFilter
    {
        private readonly string? _source;
        private readonly string[] _tags;
        private readonly string? _team;

        private ContactFilter(string? source, string[] tags, string? team)
        {
            _source = source;
            _tags = tags;
            _team = team;
            Key = (source ?? string.Empty) + "|" + string.Join(",", tags.Select(t => t.ToLowerInvariant())) + "|" + (team ?? string.Empty);
        }

        public bool IsEmpty => _source is null && _tags.Length == 0 && _team is null;

        /// <summary>Equal for filters that match the same contacts.</summary>
        public string Key { get; }

        public static ContactFilter From(IReadOnlyDictionary<string, string> query)
        {
            query.TryGetValue("source", out var source);
            query.TryGetValue("team_uuid", out var team);
            var tags = query.TryGetValue("tags", out var text) ? text.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray() : new string[0];
            return new ContactFilter(source, tags, team);
        }

        public bool Matches(SandboxContact c)
        {
            if (_source != null && !string.Equals(c.Source, _source, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (_team != null && c.Team?.Uuid != _team)
            {
                return false;
            }

            foreach (var tag in _tags)
            {
                if (!c.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
