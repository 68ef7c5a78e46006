using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Paging
{
    /// <summary>
    /// Walks a list that may be paged by cursor (contacts since August 2026): the first request
    /// goes to the start position; while the server sends <c>meta.next</c>, each next batch is
    /// asked with <c>after</c> = that cursor, one at a time (a cursor is only known once the
    /// batch before it arrived). A server that sends no cursor is walked by page number with
    /// lookahead instead (<see cref="PageWalker"/>). Either way items are de-duplicated by their
    /// identity (contacts move as conversations happen), and the walk stops at the last batch,
    /// an empty one, a repeated cursor, or batches that bring nothing new.
    /// </summary>
    internal static class CursorWalker
    {
        /// <summary>Batches in a row that may bring only items already seen before the walk gives up.</summary>
        private const int MaxStaleBatches = 3;

        public static async IAsyncEnumerable<Page<T>> WalkAsync<T>(
            Func<PagePosition, CancellationToken, Task<Page<T>>> fetch,
            PagePosition start,
            int lookahead,
            Func<T, string?> identity,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var seen = new Seen<T>(identity);
            var first = await FetchAsync(fetch, start, cancellationToken).ConfigureAwait(false);
            yield return seen.Filter(first);

            if (first.Next is null)
            {
                var lastPage = first.Meta?.Pages;
                if (start.After != null || first.Items.Count == 0 || (lastPage.HasValue && start.Page >= lastPage.Value))
                {
                    yield break;
                }

                await foreach (var page in PageWalker.WalkAsync((number, ct) => fetch(new PagePosition(number), ct), start.Page + 1, lookahead, cancellationToken).ConfigureAwait(false))
                {
                    yield return seen.Filter(page);
                }

                yield break;
            }

            var cursors = new HashSet<string>(StringComparer.Ordinal);
            var number = start.Page;
            var stale = 0;
            using var walk = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<Page<T>>? ahead = null;
            try
            {
                // The next batch is asked for as soon as its cursor is known, before the consumer
                // handles this one: the consumer's work overlaps the round trip.
                ahead = Ask(first.Next);
                while (ahead != null)
                {
                    var page = await ahead.ConfigureAwait(false);
                    ahead = null;
                    if (page.Items.Count == 0)
                    {
                        yield break;
                    }

                    var fresh = seen.Filter(page);
                    stale = fresh.Items.Count == 0 ? stale + 1 : 0;
                    if (stale >= MaxStaleBatches)
                    {
                        // A list must never look complete when it is not: say so, and where to resume.
                        yield return Page<T>.Stopped(page.Number, "The walk stopped after " + stale + " batches in a row brought only items already seen, before the server said the list ended; the list may be incomplete.", page.Next);
                        yield break;
                    }

                    ahead = Ask(page.Next);
                    yield return fresh;
                    if (ahead is null && page.Next != null)
                    {
                        yield return Page<T>.Stopped(page.Number, "The walk stopped at batch " + page.Number + ": the server sent a cursor it had sent before, so the list may be incomplete.", page.Next);
                    }
                }
            }
            finally
            {
                walk.Cancel();
                if (ahead != null)
                {
                    try
                    {
                        await ahead.ConfigureAwait(false);
                    }
                    catch
                    {
                        // Cancelled or failed past the point the caller cares about.
                    }
                }
            }

            Task<Page<T>>? Ask(string? next)
            {
                if (next is null || !cursors.Add(next))
                {
                    return null; // the last batch, or a repeated cursor
                }

                return FetchAsync(fetch, new PagePosition(++number, next), walk.Token);
            }
        }

        private static async Task<Page<T>> FetchAsync<T>(Func<PagePosition, CancellationToken, Task<Page<T>>> fetch, PagePosition position, CancellationToken cancellationToken)
        {
            try
            {
                return await fetch(position, cancellationToken).ConfigureAwait(false);
            }
            catch (CallbellException ex) when (!(ex is CallbellPageException))
            {
                throw CallbellPageException.Wrap(position, ex);
            }
        }

        /// <summary>
        /// The identities already delivered, as 64-bit hashes: a million contacts cost about
        /// 24 MB here rather than the 100 MB their uuid strings would.
        /// </summary>
        private sealed class Seen<T>
        {
            private readonly HashSet<ulong> _hashes = new HashSet<ulong>();
            private readonly Func<T, string?> _identity;

            public Seen(Func<T, string?> identity)
            {
                _identity = identity;
            }

            public Page<T> Filter(Page<T> page)
            {
                List<T>? kept = null;
                for (var i = 0; i < page.Items.Count; i++)
                {
                    var item = page.Items[i];
                    var key = _identity(item);
                    var fresh = key is null || _hashes.Add(Hash(key));
                    if (!fresh && kept is null)
                    {
                        kept = new List<T>(page.Items.Count);
                        for (var j = 0; j < i; j++)
                        {
                            kept.Add(page.Items[j]);
                        }
                    }
                    else if (fresh && kept != null)
                    {
                        kept.Add(item);
                    }
                }

                return kept is null ? page : page.WithItems(kept);
            }

            private static ulong Hash(string key)
            {
                var hash = 14695981039346656037UL;
                foreach (var c in key)
                {
                    hash = (hash ^ c) * 1099511628211UL;
                }

                return hash;
            }
        }
    }
}
