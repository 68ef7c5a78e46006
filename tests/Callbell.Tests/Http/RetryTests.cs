using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>What is retried, how long it waits, and what a request that gives up says.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class RetryTests : SandboxTest
    {
        public RetryTests()
            : base(contacts: 300, pageSize: 50)
        {
        }

        [Fact]
        public async Task A_429_waits_for_retry_after_seconds_then_succeeds()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, RetryAfter = TimeSpan.FromSeconds(1) });
            var log = new RecordingObserver();

            var page = await Client(observer: log).Contacts.GetPageAsync(new ContactQuery(), 1);

            Assert.Equal(50, page.Items.Count);
            Assert.Equal(TimeSpan.FromSeconds(1), log.Entries[0].RetryDelay);
            Assert.True(log.Entries[1].StartedAt - log.Entries[0].StartedAt >= log.Entries[0].RetryDelay!.Value - TimeSpan.FromMilliseconds(50), "the retry left before its wait was over");
            Assert.Equal(new int?[] { 429, 200 }, log.Entries.Select(e => e.StatusCode));
            Assert.Contains("retrying in 1.0 s (attempt 2 of 5)", log.Lines[0]);
        }

        [Fact]
        public async Task A_retry_after_of_zero_still_waits_the_backoff()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, RetryAfter = TimeSpan.Zero });
            var log = new RecordingObserver();

            await Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(200), log).Contacts.GetPageAsync(new ContactQuery(), 1);

            // Equal jitter: at least half the first backoff step.
            Assert.True(log.Entries[0].RetryDelay >= TimeSpan.FromMilliseconds(100), "waited " + log.Entries[0].RetryDelay);
        }

        [Fact]
        public async Task A_429_with_an_http_date_is_honoured()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, RetryAfter = TimeSpan.FromSeconds(2), RetryAfterAsDate = true });
            var log = new RecordingObserver();

            await Client(observer: log).Contacts.GetPageAsync(new ContactQuery(), 1);

            var wait = log.Entries[0].RetryDelay!.Value;
            Assert.InRange(wait.TotalSeconds, 0.5, 2.01); // the date has one-second resolution
        }

        [Fact]
        public async Task A_429_without_retry_after_backs_off_and_gives_up_within_its_attempts()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { OmitRetryAfter = true });
            var log = new RecordingObserver();

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client(o => o.MaxAttempts = 3, log).Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Equal(CallbellErrorKind.RateLimited, error.Kind);
            Assert.Equal(3, error.Attempts);
            Assert.Equal(3, Sandbox.Journal.Count);
            Assert.All(log.Entries.Take(2), e => Assert.NotNull(e.RetryDelay));
            Assert.Null(log.Entries[2].RetryDelay);
        }

        [Fact]
        public async Task A_5xx_on_get_is_retried_then_succeeds()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Times = 2, Status = 503 });

            var page = await Client().Contacts.GetPageAsync(new ContactQuery(), 1);

            Assert.Equal(50, page.Items.Count);
            Assert.Equal(3, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task A_5xx_that_persists_names_the_cursor_keeps_what_came_before_and_the_walk_resumes_there()
        {
            var failing = Sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Path = "/v1/contacts", PassFirst = 2 });
            var delivered = new System.Collections.Generic.List<string>();

            var error = await Assert.ThrowsAsync<CallbellPageException>(async () =>
            {
                await foreach (var contact in Client(o => o.MaxAttempts = 3).Contacts.ListAllAsync(new ContactQuery()))
                {
                    delivered.Add(contact.Uuid!);
                }
            });

            Assert.Equal(3, error.Page);
            Assert.NotNull(error.After);
            Assert.Equal(Enumerable.Range(0, 100).Select(ContactGenerator.UuidFor), delivered);
            Assert.Equal(500, error.StatusCode);
            Assert.Contains("cursor " + error.After, error.Message);
            Assert.Contains("3 attempts", error.Message);
            Assert.Contains("-After " + error.After, error.RecommendedAction);
            Assert.Equal(3, Sandbox.Journal.Requests.Count(r => r.Query.TryGetValue("after", out var after) && after == error.After));

            Sandbox.Faults.Clear();
            var rest = await Client().Contacts.ListPagesAsync(new ContactQuery(), new Callbell.Paging.PagePosition(error.Page, error.After)).ToListAsync();
            delivered.AddRange(rest.SelectMany(p => p.Items).Select(c => c.Uuid!));
            Assert.Equal(Enumerable.Range(0, 300).Select(ContactGenerator.UuidFor), delivered);
        }

        [Fact]
        public async Task A_page_walk_that_fails_names_the_page_and_keeps_what_came_before()
        {
            using var oldServer = SandboxServer.Start(new SandboxOptions { Contacts = 300, PageSize = 50, Cursors = false });
            oldServer.Faults.Add(new FaultRule(FaultKind.ServerError) { Page = 3 });
            var delivered = 0;

            var error = await Assert.ThrowsAsync<CallbellPageException>(async () =>
            {
                await foreach (var contact in new CallbellClient(SandboxConnections.Connect(oldServer, o => o.MaxAttempts = 3)).Contacts.ListAllAsync(new ContactQuery()))
                {
                    Assert.Equal(ContactGenerator.UuidFor(delivered), contact.Uuid);
                    delivered++;
                }
            });

            Assert.Equal(3, error.Page);
            Assert.Null(error.After);
            Assert.Equal(100, delivered);
            Assert.Contains("Page 3", error.Message);
            Assert.Equal(3, oldServer.Journal.Requests.Count(r => r.Page == 3));
        }

        [Fact]
        public async Task A_truncated_body_is_a_clear_error_naming_the_request()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.TruncateBody));

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Equal(CallbellErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("GET " + Sandbox.BaseUri.AbsoluteUri + "contacts failed", error.Message);
            Assert.Contains("not the JSON", error.Message);
        }

        [Fact]
        public async Task The_retry_budget_bounds_the_total_wait()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { RetryAfter = TimeSpan.FromSeconds(3) });
            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Client(o => o.MaxRetryWait = TimeSpan.FromSeconds(1)).Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Contains("retry budget", error.Message);
            Assert.Equal(1, error.Attempts);
        }

        [Fact]
        public async Task Every_request_carries_auth_accept_and_user_agent()
        {
            await Client().Contacts.GetPageAsync(new ContactQuery(), 1);

            var headers = Assert.Single(Sandbox.Journal.Requests).Headers;
            Assert.Equal("Bearer " + Sandbox.Token, headers["Authorization"]);
            Assert.Equal("application/json", headers["Accept"]);
            Assert.StartsWith("CallbellPS/0.1.0", headers["User-Agent"]);
        }
    }
}
