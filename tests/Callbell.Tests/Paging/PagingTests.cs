using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Paging
{
    /// <summary>Walking every page of GET /contacts against the sandbox: edges, order, and when the walk stops.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class PagingTests
    {
        [Theory]
        [InlineData(0, 50, 1)]
        [InlineData(1, 50, 1)]
        [InlineData(50, 50, 1)]
        [InlineData(120, 50, 4)]
        [InlineData(120, 50, 1)]
        [InlineData(1000, 7, 4)]
        [InlineData(333, 10, 8)]
        [InlineData(99, 100, 2)]
        public async Task Every_contact_arrives_once_and_in_order(int total, int pageSize, int lookahead)
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = total, PageSize = pageSize, Cursors = false });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Lookahead = lookahead));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(Enumerable.Range(0, total).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
            var lastPage = (total + pageSize - 1) / pageSize;
            var pagesAsked = sandbox.Journal.Requests.Select(r => r.Page).ToList();
            Assert.Equal(pagesAsked.Count, pagesAsked.Distinct().Count());
            Assert.Contains(lastPage + 1, pagesAsked); // the empty page that ends the walk
            Assert.All(pagesAsked, p => Assert.True(p <= lastPage + lookahead, "page " + p + " is beyond the lookahead window"));
        }

        [Fact]
        public async Task Zero_contacts_take_exactly_one_request()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 0, Cursors = false });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Empty(contacts);
            Assert.Single(sandbox.Journal.Requests);
        }

        [Fact]
        public async Task Starting_from_a_later_page_resumes_there()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 120, PageSize = 50, Cursors = false });
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery(), firstPage: 2).ToListAsync();

            Assert.Equal(Enumerable.Range(50, 70).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
            Assert.DoesNotContain(sandbox.Journal.Requests, r => r.Page == 1);
        }

        [Fact]
        public async Task A_server_that_repeats_a_page_does_not_make_the_walk_loop()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 500, PageSize = 50, Cursors = false });
            sandbox.Faults.Add(FaultKind.IgnorePage);
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(Enumerable.Range(0, 50).Select(ContactGenerator.UuidFor), contacts.Select(c => c.Uuid));
        }

        [Fact]
        public async Task Lookahead_keeps_at_most_k_requests_in_flight_and_uses_them()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 2000, PageSize = 20, Cursors = false });
            sandbox.Faults.Latency = TimeSpan.FromMilliseconds(30);
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Lookahead = 3));

            var contacts = await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(2000, contacts.Count);
            Assert.Equal(3, sandbox.Journal.PeakInFlight);
        }

        [Fact]
        public async Task Lookahead_of_one_is_sequential()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 200, PageSize = 20, Cursors = false });
            sandbox.Faults.Latency = TimeSpan.FromMilliseconds(10);
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Lookahead = 1));

            await client.Contacts.ListAllAsync(new ContactQuery()).ToListAsync();

            Assert.Equal(1, sandbox.Journal.PeakInFlight);
            Assert.Equal(Enumerable.Range(1, 11), sandbox.Journal.Requests.Select(r => r.Page));
        }

        [Fact]
        public async Task Stopping_early_cancels_what_is_in_flight_and_requests_nothing_more()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 5000, PageSize = 50, Cursors = false });
            sandbox.Faults.Latency = TimeSpan.FromMilliseconds(200);
            var log = new RecordingObserver();
            var client = new CallbellClient(SandboxConnections.Connect(sandbox, o => o.Lookahead = 4), log);

            var taken = 0;
            await foreach (var contact in client.Contacts.ListAllAsync(new ContactQuery()))
            {
                if (++taken == 3)
                {
                    break;
                }
            }

            var completed = log.Entries.Count;

            // Disposal waited for the cancelled requests: a request sent now is the last the sandbox sees.
            sandbox.Faults.Latency = TimeSpan.Zero;
            await client.Auth.GetCurrentUserAsync();
            var requests = sandbox.Journal.Requests;
            Assert.Equal("/v1/auth/me", requests[requests.Count - 1].Path);
            Assert.InRange(requests.Count - 1, 1, 5); // page 1, then at most pages 2-5 as lookahead (some may be cancelled before they leave)
            Assert.Equal(1, completed); // only page 1 completed: the lookahead requests were cancelled, not awaited
        }

        [Fact]
        public async Task Cancelling_the_token_ends_a_walk_promptly()
        {
            using var sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 5000, PageSize = 50, Cursors = false });
            sandbox.Faults.Add(FaultKind.NeverAnswer, page: 2);
            var client = new CallbellClient(SandboxConnections.Connect(sandbox));
            using var cancel = new CancellationTokenSource();
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var walk = Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var contact in client.Contacts.ListAllAsync(new ContactQuery(), cancellationToken: cancel.Token))
                {
                    if (contact.Uuid == ContactGenerator.UuidFor(49))
                    {
                        cancel.CancelAfter(100);
                    }
                }
            });

            await walk;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "took " + clock.Elapsed);
        }
    }
}
