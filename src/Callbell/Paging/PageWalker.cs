using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Paging
{
    /// <summary>
    /// Walks a list endpoint page after page, in a loop, with up to <c>lookahead</c> requests in
    /// flight so the network round trip overlaps with the consumer's work. Pages come out in
    /// order, each once. The first page is requested alone, so where the API sends
    /// <c>meta.pages</c> no request ever goes past the last page. The walk stops at the first
    /// empty page, at <c>meta.pages</c>, or at a page identical to the one before (a server
    /// ignoring <c>page</c> must not make it loop forever). Disposing the enumerator cancels
    /// every request still in flight and waits for them to end, so none outlives the walk.
    /// </summary>
    internal static class PageWalker
    {
        public static async IAsyncEnumerable<Page<T>> WalkAsync<T>(
            Func<int, CancellationToken, Task<Page<T>>> fetchPage,
            int firstPage,
            int lookahead,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (firstPage < 1)
            {
                throw CallbellException.InvalidArgument("Page", "Page must be 1 or more; it was " + firstPage + ".");
            }

            if (lookahead < 1)
            {
                throw CallbellException.InvalidArgument("Lookahead", "Lookahead must be 1 or more.");
            }

            using var walk = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var window = new Queue<KeyValuePair<int, Task<Page<T>>>>(lookahead);
            var next = firstPage;
            int? lastPage = null;
            ulong? previousFingerprint = null;

            KeyValuePair<int, Task<Page<T>>> Start(int number) => new KeyValuePair<int, Task<Page<T>>>(number, fetchPage(number, walk.Token));

            try
            {
                window.Enqueue(Start(next++));
                while (window.Count > 0)
                {
                    var current = window.Dequeue();
                    Page<T> page;
                    try
                    {
                        page = await current.Value.ConfigureAwait(false);
                    }
                    catch (CallbellException ex) when (!(ex is CallbellPageException))
                    {
                        throw CallbellPageException.Wrap(new PagePosition(current.Key), ex);
                    }

                    if (page.Meta?.Pages is int pages)
                    {
                        lastPage = pages;
                    }

                    if (page.Items.Count == 0 || page.Fingerprint == previousFingerprint)
                    {
                        yield break;
                    }

                    previousFingerprint = page.Fingerprint;
                    while (window.Count < lookahead && (lastPage is null || next <= lastPage))
                    {
                        window.Enqueue(Start(next++));
                    }

                    yield return page;

                    if (lastPage.HasValue && page.Number >= lastPage.Value)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                walk.Cancel();
                foreach (var pending in window)
                {
                    try
                    {
                        await pending.Value.ConfigureAwait(false);
                    }
                    catch
                    {
                        // Cancelled or failed past the point the caller cares about.
                    }
                }
            }
        }

        /// <summary>The items of <see cref="WalkAsync{T}"/>, one by one.</summary>
        public static async IAsyncEnumerable<T> ItemsAsync<T>(IAsyncEnumerable<Page<T>> pages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in page.Items)
                {
                    yield return item;
                }
            }
        }
    }
}
