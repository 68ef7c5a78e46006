using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Paging;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Paging
{
    /// <summary>Cursor walks: past page 500 against the sandbox, and the stops a misbehaving server needs.</summary>
    public sealed class CursorWalkerTests
    {
        [Fact]
        public async Task More_than_ten_thousand_contacts_arrive_each_exactly_once_by_cursor()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 10_050, RecordRequests = true });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(Enumerable.Range(0, 10_050).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
            var requests = sandbox.Journal.Requests;
            Assert.Equal(503, requests.Count); // 20 a page
            Assert.All(requests.Skip(1), r => Assert.True(r.Query.ContainsKey("after") && !r.Query.ContainsKey("page")));
        }

        [Fact]
        public async Task Filters_are_sent_again_with_every_cursor()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 2000 });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));

            var vip = await client.Contacts.ListAllAsync(new ContactQuery { Source = "whatsapp", Tags = new[] { "vip" }, IncludeFieldTypes = true }).ToListAsync();

            var expected = Enumerable.Range(0, 2000).Select(ContactGenerator.Create).Where(c => c.Source == "whatsapp" && c.Tags.Contains("vip")).Select(c => c.Uuid);
            Assert.Equal(expected, vip.Select(c => c.Uuid));
            Assert.All(sandbox.Journal.Requests, r => Assert.Equal(("whatsapp", "vip", "true"), (r.Query["source"], r.Query["tags"], r.Query["include_field_types"])));
        }

        [Fact]
        public async Task A_server_that_repeats_a_cursor_does_not_make_the_walk_loop()
        {
            var asked = new List<PagePosition>();
            Task<Page<string>> Fetch(PagePosition position, System.Threading.CancellationToken _)
            {
                asked.Add(position);
                var items = new[] { "a" + asked.Count, "b" + asked.Count };
                return Task.FromResult(new Page<string>(position.Page, items, new PageMeta { Next = "same" }, (ulong)asked.Count, position.After));
            }

            var pages = await CursorWalker.WalkAsync(Fetch, PagePosition.First, 4, s => s).ToListAsync();

            Assert.Equal(2, asked.Count); // the start, then "same" once
            Assert.Equal(new[] { "a1", "b1", "a2", "b2" }, pages.SelectMany(p => p.Items));
            var stop = pages.Last();
            Assert.Contains("cursor it had sent before", stop.StoppedEarly);
            Assert.Equal("same", stop.ResumeAfter);
        }

        [Fact]
        public async Task Items_seen_before_are_dropped_and_batches_of_nothing_new_end_the_walk()
        {
            var asked = 0;
            Task<Page<string>> Fetch(PagePosition position, System.Threading.CancellationToken _)
            {
                asked++;
                var items = asked == 1 ? new[] { "x", "y" } : asked == 2 ? new[] { "y", "z" } : new[] { "x", "z" };
                return Task.FromResult(new Page<string>(position.Page, items, new PageMeta { Next = "c" + asked }, (ulong)asked, position.After));
            }

            var pages = await CursorWalker.WalkAsync(Fetch, PagePosition.First, 1, s => s).ToListAsync();

            Assert.Equal(new[] { "x", "y", "z" }, pages.SelectMany(p => p.Items));
            Assert.Equal(5, asked); // three stale batches in a row stop it
            Assert.Contains("may be incomplete", pages.Last().StoppedEarly);           // and it says so
            Assert.Equal("c5", pages.Last().ResumeAfter);                              // with where to resume
            Assert.All(pages.Take(pages.Count - 1), p => Assert.Null(p.StoppedEarly));
        }
    }
}
