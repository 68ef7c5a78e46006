using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Completers
{
    /// <summary>
    /// Completes ids that people know by name: type part of a name (or of the id), press Tab, get
    /// the id; the list shows the name. Lists are cached per connection for a minute, fetched
    /// within two seconds at most, and any failure completes nothing: a completer must never
    /// throw or hang the prompt.
    /// </summary>
    public abstract class IdCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);
        private static readonly ConditionalWeakTable<CallbellConnection, Dictionary<Type, Cached>> Caches = new ConditionalWeakTable<CallbellConnection, Dictionary<Type, Cached>>();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
                return Items(Chosen(fakeBoundParameters))
                    .Where(i => i.Name.IndexOf(typed, StringComparison.OrdinalIgnoreCase) >= 0 || i.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(i => i.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                    .ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(i => Result(i))
                    .ToList();
            }
            catch (Exception)
            {
                return Enumerable.Empty<CompletionResult>();
            }
        }

        /// <summary>The id and name of each item, as the API lists them.</summary>
        protected abstract Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken);

        /// <summary>Every item of a paged list (completion lists are short; walking them all keeps none out).</summary>
        protected static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<Callbell.Paging.Page<T>> pages, CancellationToken cancellationToken)
        {
            var items = new List<T>();
            await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                items.AddRange(page.Items);
            }

            return items;
        }

        /// <summary>What Tab inserts; name completers insert the name, quoted when it needs to be.</summary>
        protected virtual CompletionResult Result(NamedId item) =>
            new CompletionResult(item.Id, item.Name, CompletionResultType.ParameterValue, item.Name + " (" + item.Id + ")");

        /// <summary>Quotes text for the command line when it holds spaces or other special characters.</summary>
        protected static string Quote(string text)
        {
            foreach (var c in text)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '*'))
                {
                    return "'" + text.Replace("'", "''") + "'";
                }
            }

            return text;
        }

        /// <summary>The account the command line names with -Connection $b, so Tab offers that account's names.</summary>
        private static CallbellConnection? Chosen(IDictionary fakeBoundParameters)
        {
            var value = fakeBoundParameters?["Connection"];
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            return value is CallbellConnectionInfo info && !info.Connection.IsDisposed ? info.Connection : null;
        }

        private List<NamedId> Items(CallbellConnection? chosen)
        {
            var connection = chosen ?? SessionConnections.Scope.Resolve();
            var cache = Caches.GetValue(connection, _ => new Dictionary<Type, Cached>());
            lock (cache)
            {
                if (cache.TryGetValue(GetType(), out var cached) && DateTime.UtcNow - cached.At < Lifetime)
                {
                    return cached.Items;
                }
            }

            using var limit = new CancellationTokenSource(TimeLimit);
            var fetch = FetchAsync(new CallbellClient(connection), limit.Token);
            if (!fetch.Wait(TimeLimit))
            {
                return new List<NamedId>();
            }

            var items = fetch.Result.Where(i => !string.IsNullOrEmpty(i.Id)).ToList();
            lock (cache)
            {
                cache[GetType()] = new Cached(items);
            }

            return items;
        }

        private sealed class Cached
        {
            public Cached(List<NamedId> items)
            {
                Items = items;
            }

            public DateTime At { get; } = DateTime.UtcNow;

            public List<NamedId> Items { get; }
        }
    }

    /// <summary>An id and the name a person knows it by.</summary>
    public readonly struct NamedId
    {
        public NamedId(string? id, string? name)
        {
            Id = id ?? string.Empty;
            Name = string.IsNullOrEmpty(name) ? Id : name!;
        }

        public string Id { get; }

        public string Name { get; }
    }
}
