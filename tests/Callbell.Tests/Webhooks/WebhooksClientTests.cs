using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Callbell.Tests.Infrastructure;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>Subscribe, unsubscribe and the delivery log against the sandbox.</summary>
    public sealed class WebhooksClientTests : SandboxTest
    {
        [Fact]
        public async Task Subscribing_sends_the_url_and_events_and_a_second_subscription_replaces_the_first()
        {
            var client = Client();

            await client.Webhooks.SubscribeAsync("https://hooks.example.com/a", new[] { "message_created" });
            var second = await client.Webhooks.SubscribeAsync(" https://hooks.example.com/b ", new[] { "contact_created", " contact_deleted", "contact_created" });

            Assert.Equal("https://hooks.example.com/b", second.Url);
            Assert.Equal(new[] { "contact_created", "contact_deleted" }, second.Subscriptions);
            Assert.True(second.Enabled);
            Assert.NotNull(second.CreatedAt);
            Assert.Equal("{\"url\":\"https://hooks.example.com/b\",\"subscriptions\":[\"contact_created\",\"contact_deleted\"]}", Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last().Body));
            Assert.Equal("https://hooks.example.com/b", (string?)Sandbox.State.Webhook!["url"]);
        }

        [Theory]
        [InlineData("http://localhost:8080/", "localhost")]
        [InlineData("http://127.0.0.1:8080/", "localhost")]
        public async Task A_local_url_is_refused_before_any_request_even_against_a_local_server(string url, string expected)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Webhooks.SubscribeAsync(url, new[] { "message_created" }));

            Assert.Equal("Url", error.ParameterName);
            Assert.Contains(expected, error.Message);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Theory]
        [InlineData("hooks.example.com/callbell", "absolute")]
        [InlineData("ftp://hooks.example.com/", "absolute")]
        [InlineData("http://localhost:8080/", "localhost")]
        [InlineData("http://127.0.0.1:8080/", "localhost")]
        [InlineData("http://[::1]:8080/", "localhost")]
        [InlineData("http://api.localhost/", "localhost")]
        [InlineData("", "absolute")]
        public async Task Connected_to_callbell_a_url_it_cannot_use_is_refused_before_any_request(string url, string expected)
        {
            // No request can leave: the host does not exist, so a request would fail differently.
            var production = new CallbellClient(new CallbellConnection(new CallbellConnectionOptions { BaseUri = new System.Uri("https://api.callbell.invalid/v1/"), Token = ApiToken.Parse("test_token_never_sent") }));

            var error = await Assert.ThrowsAsync<CallbellException>(() => production.Webhooks.SubscribeAsync(url, new[] { "message_created" }));

            Assert.Equal("Url", error.ParameterName);
            Assert.Contains(expected, error.Message);
            Assert.Equal(CallbellErrorKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public async Task Allowed_through_a_local_url_meets_the_sandbox_which_refuses_it_like_callbell_unless_it_delivers()
        {
            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Webhooks.SubscribeAsync("http://127.0.0.1:8080/", new[] { "message_created" }, allowLocalUrl: true));

            Assert.Equal(422, error.StatusCode);
            Assert.Contains(error.ParameterErrors, p => p.Key == "url");
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("Message Created")]
        [InlineData("message_created,contact_created")]
        public async Task Event_names_that_cannot_be_events_are_refused_before_any_request(string events)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Webhooks.SubscribeAsync("https://hooks.example.com/", events.Length == 0 ? new string[0] : new[] { events }));

            Assert.Equal("Event", error.ParameterName);
            Assert.Contains("message_created", error.RecommendedAction);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public void Undocumented_but_well_formed_names_pass_so_the_caller_can_warn()
        {
            var names = WebhookEventNames.Require(new[] { "message_created", "ticket_escalated" }, "Event");

            Assert.Equal(new[] { "ticket_escalated" }, WebhookEventNames.Undocumented(names));
        }

        [Fact]
        public async Task Unsubscribing_removes_the_webhook_and_a_second_time_is_a_not_found_error()
        {
            var client = Client();
            await client.Webhooks.SubscribeAsync("https://hooks.example.com/", new[] { "message_created" });

            var status = await client.Webhooks.UnsubscribeAsync();
            var again = await Assert.ThrowsAsync<CallbellApiException>(() => client.Webhooks.UnsubscribeAsync());

            Assert.Equal("webhook was destroyed", status.Status);
            Assert.Null(Sandbox.State.Webhook);
            Assert.Equal(CallbellErrorKind.NotFound, again.Kind);
        }

        [Fact]
        public async Task The_delivery_log_filters_on_the_server_and_types_each_payload()
        {
            var client = Client();

            var failed = await client.Webhooks.GetEventPageAsync(new WebhookEventFilter { Status = "failed", Events = new[] { "message_created", "contact_created" }, PageSize = 100 });

            Assert.NotEmpty(failed.Items);
            Assert.All(failed.Items, e => Assert.False(e.Success));
            Assert.All(failed.Items, e => Assert.Contains(e.Event, new[] { "message_created", "contact_created" }));
            Assert.Equal("webhooks/events?status=failed&items=100&subscriptions=message_created,contact_created", Uri(Sandbox.Journal.Requests.Last().Target));
            var message = failed.Items.First(e => e.Event == "message_created");
            Assert.StartsWith("Event ", Assert.IsType<MessageCreated>(message.Payload).Text);
            Assert.Equal(502, message.Response!.Code);
            Assert.IsType<Contact>(failed.Items.First(e => e.Event == "contact_created").Payload);
        }

        [Fact]
        public async Task Every_delivery_is_walked_once_by_page_number()
        {
            var pages = await Client().Webhooks.ListEventPagesAsync(new WebhookEventFilter { PageSize = 7 }).ToListAsync();
            var all = pages.SelectMany(p => p.Items).ToList();

            Assert.Equal(Sandbox.State.WebhookEvents.Count, all.Count);
            Assert.Equal(all.Count, all.Select(e => e.CreatedAt).Distinct().Count());
        }

        [Theory]
        [InlineData("Status", "pending", null)]
        [InlineData("PageSize", null, 0)]
        public async Task A_log_filter_outside_the_documented_range_is_refused_before_any_request(string parameter, string? status, int? size)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Webhooks.GetEventPageAsync(new WebhookEventFilter { Status = status, PageSize = size }));

            Assert.Equal(parameter, error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        private static string Uri(string target) => System.Uri.UnescapeDataString(target.Substring("/v1/".Length));
    }
}
