using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>The listener over real loopback HTTP: checks, order, signatures, back-pressure, stopping.</summary>
    public sealed class WebhookListenerTests : IDisposable
    {
        private const string Secret = "whsec_listener_test_secret";
        private static readonly TimeSpan Wait = LocalListener.Wait;
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private readonly List<WebhookListener> _listeners = new List<WebhookListener>();
        private string _url = string.Empty;

        [Fact]
        public async Task Connection_checks_are_answered_ok_whatever_they_carry_and_are_not_events()
        {
            var listener = Listen();

            var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, _url));
            var get = await _http.GetAsync(_url);
            var text = await _http.PostAsync(_url, new StringContent("ping", Encoding.UTF8, "text/plain"));
            var json = await _http.PostAsync(_url, new StringContent("{\"status\":\"check\"}", Encoding.UTF8, "application/json"));

            foreach (var answer in new[] { get, text, json })
            {
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Equal("{\"status\":\"ok\"}", await answer.Content.ReadAsStringAsync());
            }

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(new[] { ListenerEntryKind.Check, ListenerEntryKind.Check, ListenerEntryKind.Check, ListenerEntryKind.Check }, Take(listener, 4).Select(e => e.Kind));
            Assert.Equal(0, listener.Waiting);
        }

        [Fact]
        public async Task Events_are_acknowledged_and_taken_typed_in_the_order_they_arrived()
        {
            var listener = Listen();

            for (var i = 0; i < 20; i++)
            {
                var answer = await PostAsync(ContactCreated("Contact " + i));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            var names = Take(listener, 20).Select(e => ((ContactCreatedEvent)e.Event!).Payload!.Name).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => "Contact " + i), names);
        }

        [Fact]
        public async Task A_chunked_body_is_read_whole()
        {
            var listener = Listen();
            var content = new StreamContent(new MemoryStream(Payload.Of("message_created")));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
            request.Headers.TransferEncodingChunked = true;

            var answer = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("Hello", ((MessageCreatedEvent)Take(listener, 1).Single().Event!).Payload!.Text);
        }

        [Fact]
        public async Task With_a_secret_a_signed_event_is_verified_and_a_bad_or_missing_signature_is_refused_with_401()
        {
            var listener = Listen(o => o.Secret = Secret);
            var body = ContactCreated("Signed");

            var good = await PostAsync(body, WebhookSignature.Sign(body, Secret, DateTimeOffset.UtcNow));
            var wrong = await PostAsync(body, WebhookSignature.Sign(body, "whsec_someone_else", DateTimeOffset.UtcNow));
            var none = await PostAsync(body);
            var check = await _http.PostAsync(_url, new StringContent("{}"));

            Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK }, new[] { good.StatusCode, wrong.StatusCode, none.StatusCode, check.StatusCode });
            var entries = Take(listener, 4);
            Assert.True(entries[0].Event!.Verified);
            Assert.NotNull(entries[0].Event!.SignedAt);
            Assert.Equal(ListenerEntryKind.Rejected, entries[1].Kind);
            Assert.Contains("does not match", entries[1].Detail);
            Assert.Equal(ListenerEntryKind.Rejected, entries[2].Kind);
            Assert.Contains("no X-Callbell-Signature", entries[2].Detail);
            Assert.Equal(ListenerEntryKind.Check, entries[3].Kind);
            Assert.DoesNotContain(entries, e => e.Detail.Contains("whsec_"));
        }

        [Fact]
        public async Task When_the_queue_is_full_an_event_is_answered_503_so_callbell_retries_and_none_acknowledged_is_lost()
        {
            var listener = Listen(o => o.QueueLimit = 2);

            var first = await PostAsync(ContactCreated("one"));
            var second = await PostAsync(ContactCreated("two"));
            var third = await PostAsync(ContactCreated("three"));

            Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }, new[] { first.StatusCode, second.StatusCode, third.StatusCode });
            Assert.True(third.Headers.RetryAfter != null);
            var taken = Take(listener, 3);
            Assert.Equal(new[] { "one", "two" }, taken.Where(e => e.Kind == ListenerEntryKind.Event).Select(e => ((ContactCreatedEvent)e.Event!).Payload!.Name));
            Assert.Single(taken, e => e.Kind == ListenerEntryKind.Deferred);

            var retried = await PostAsync(ContactCreated("three"));
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            Assert.Equal("three", ((ContactCreatedEvent)Take(listener, 1).Single().Event!).Payload!.Name);
        }

        [Fact]
        public async Task An_accept_limit_acknowledges_exactly_that_many_events()
        {
            var listener = Listen(o => o.AcceptLimit = 1);

            var first = await PostAsync(ContactCreated("one"));
            var second = await PostAsync(ContactCreated("two"));

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal(1, Take(listener, 2).Count(e => e.Kind == ListenerEntryKind.Event));
        }

        [Fact]
        public async Task A_body_over_the_limit_is_answered_413_and_not_queued()
        {
            var listener = Listen(o => o.MaxBodyBytes = 1024);

            var answer = await PostAsync(Encoding.UTF8.GetBytes("{\"event\":\"contact_created\",\"payload\":{\"name\":\"" + new string('x', 2000) + "\"}}"));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
            Assert.Equal(0, listener.Waiting);
        }

        [Fact]
        public void A_port_another_program_holds_is_a_clear_error_naming_it()
        {
            var holder = new TcpListener(IPAddress.Any, 0);
            holder.Start();
            try
            {
                var port = ((IPEndPoint)holder.LocalEndpoint).Port;

                var error = Assert.Throws<CallbellException>(() => WebhookListener.Start(new WebhookListenerOptions { Prefixes = new[] { "http://+:" + port + "/" } }));

                Assert.Equal("Callbell.ListenerUnavailable", error.ErrorId);
                Assert.Contains(port.ToString(), error.Message);
                Assert.Contains("-Port", error.RecommendedAction);
            }
            finally
            {
                holder.Stop();
            }
        }

        [Fact]
        public async Task After_stop_new_deliveries_are_refused_and_what_was_acknowledged_can_still_be_taken()
        {
            var listener = Listen();
            await PostAsync(ContactCreated("before"));

            listener.Stop();

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(ContactCreated("after")));
            Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None));
            Assert.Equal("before", ((ContactCreatedEvent)entry!.Event!).Payload!.Name);
            Assert.False(listener.TryTake(out _, Wait, CancellationToken.None)); // drained: returns at once
        }

        [Fact]
        public async Task Cancelling_a_wait_ends_it()
        {
            var listener = Listen();
            using var cancel = new CancellationTokenSource();
            var waiting = Task.Run(() => listener.TryTake(out _, TimeSpan.FromMinutes(5), cancel.Token));

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        public void Dispose()
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }

            _http.Dispose();
        }

        private WebhookListener Listen(Action<WebhookListenerOptions>? configure = null)
        {
            var (listener, url) = LocalListener.Start(configure);
            _url = url;
            _listeners.Add(listener);
            return listener;
        }

        private Task<HttpResponseMessage> PostAsync(byte[] body, string? signature = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
            if (signature != null)
            {
                request.Headers.Add(WebhookSignature.HeaderName, signature);
            }

            return _http.SendAsync(request);
        }

        private static byte[] ContactCreated(string name) => Encoding.UTF8.GetBytes("{\"event\":\"contact_created\",\"payload\":{\"uuid\":\"eb2b914a977e4ab896e7b886698b3eac\",\"name\":\"" + name + "\"}}");

        private static List<ListenerEntry> Take(WebhookListener listener, int count) => LocalListener.Take(listener, count);
    }
}
