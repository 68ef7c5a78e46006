using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Paging;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Paging
{
    /// <summary>
    /// The walker's rules for endpoints that send meta.pages (channels, teams, templates …),
    /// driven by a page source in memory: there is no HTTP in the walker itself.
    /// </summary>
    public sealed class PageWalkerTests
    {
        [Theory]
        [InlineData(1, 1)]
        [InlineData(1, 4)]
        [InlineData(5, 4)]
        [InlineData(9, 2)]
        public async Task With_meta_no_page_past_the_last_is_requested(int pages, int lookahead)
        {
            var asked = new ConcurrentBag<int>();
            Task<Page<int>> Fetch(int number, CancellationToken _)
            {
                asked.Add(number);
                var meta = new PageMeta { Page = number, Pages = pages };
                return Task.FromResult(new Page<int>(number, new[] { number * 10, (number * 10) + 1 }, meta, (ulong)number));
            }

            var items = await PageWalker.ItemsAsync(PageWalker.WalkAsync(Fetch, 1, lookahead)).ToListAsync();

            Assert.Equal(Enumerable.Range(1, pages).SelectMany(p => new[] { p * 10, (p * 10) + 1 }), items);
            Assert.Equal(Enumerable.Range(1, pages), asked.OrderBy(p => p));
        }

        [Fact]
        public async Task A_failed_page_names_its_number_after_the_pages_before_it()
        {
            var delivered = new List<int>();
            Task<Page<int>> Fetch(int number, CancellationToken _) => number == 3
                ? Task.FromException<Page<int>>(new CallbellException(CallbellErrorKind.ServerError, "x", "boom"))
                : Task.FromResult(new Page<int>(number, new[] { number }, null, (ulong)number));

            var error = await Assert.ThrowsAsync<CallbellPageException>(async () =>
            {
                await foreach (var item in PageWalker.ItemsAsync(PageWalker.WalkAsync(Fetch, 1, 4)))
                {
                    delivered.Add(item);
                }
            });

            Assert.Equal(3, error.Page);
            Assert.Equal(new[] { 1, 2 }, delivered);
            Assert.Contains("Page 3", error.Message);
        }
    }
}
