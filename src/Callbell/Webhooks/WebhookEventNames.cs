using System;
using System.Collections.Generic;
using System.Linq;

namespace Callbell.Webhooks
{
    /// <summary>Checks of the event names a caller subscribes to or filters by.</summary>
    internal static class WebhookEventNames
    {
        /// <summary>
        /// Trimmed, distinct names in the API's spelling (lower case, letters and underscores).
        /// Undocumented names pass: the API adds events, and the caller decides whether to warn.
        /// </summary>
        public static IReadOnlyList<string> Require(IEnumerable<string?>? names, string parameterName)
        {
            var result = new List<string>();
            foreach (var raw in names ?? Enumerable.Empty<string?>())
            {
                var name = raw?.Trim() ?? string.Empty;
                if (name.Length == 0)
                {
                    continue;
                }

                if (!name.All(c => (c >= 'a' && c <= 'z') || c == '_'))
                {
                    throw CallbellException.InvalidArgument(parameterName, "'" + Http.Identifier.Printable(name) + "' is not an event name: names are lower case with underscores, e.g. message_created.", "Use one or more of: " + string.Join(", ", InboundEventReader.DocumentedEvents) + ".");
                }

                if (!result.Contains(name))
                {
                    result.Add(name);
                }
            }

            if (result.Count == 0)
            {
                throw CallbellException.InvalidArgument(parameterName, parameterName + " names no event.", "Use one or more of: " + string.Join(", ", InboundEventReader.DocumentedEvents) + ".");
            }

            return result;
        }

        /// <summary>The names among <paramref name="names"/> the reference does not document.</summary>
        public static IReadOnlyList<string> Undocumented(IEnumerable<string> names) => names.Where(n => !InboundEventReader.IsDocumented(n)).ToArray();

        /// <summary>What to warn of an undocumented name: it is used anyway, since the API adds events.</summary>
        public static string UndocumentedWarning(string name) =>
            "'" + name + "' is not a documented event name (" + string.Join(", ", InboundEventReader.DocumentedEvents) + "). It is sent anyway, in case the API has added it.";
    }
}
