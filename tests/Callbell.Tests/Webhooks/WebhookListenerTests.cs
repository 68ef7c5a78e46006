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
    public sealed class WebhookListenerTests : ListenerTestBase
    {
        private const string Secret = "whsec_listener_test_secret";
        private static readonly TimeSpan Wait = LocalListener.Wait;
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        [Fact]
        public async Task Connection_checks_are_answered_ok_whatever_they_carry_and_are_not_events()
        {
            var listener = Listen();

            var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url));
            var get = await _http.GetAsync(Url);
            var text = await _http.PostAsync(Url, new StringContent("ping", Encoding.UTF8, "text/plain"));
            var json = await _http.PostAsync(Url, new StringContent("{\"status\":\"check\"}", Encoding.UTF8, "application/json"));

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
            using var consumer = LocalListener.Consume(listener);

            for (var i = 0; i < 20; i++)
            {
                var answer = await PostAsync(ContactCreated("Contact " + i));
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            var names = consumer.Next(20).Select(e => ((ContactCreatedEvent)e.Event!).Payload!.Name).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => "Contact " + i), names);
        }

        [Fact]
        public async Task A_chunked_body_is_read_whole()
        {
            var listener = Listen();
            using var consumer = LocalListener.Consume(listener);
            var content = new StreamContent(new MemoryStream(Payload.Of("message_created")));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
            request.Headers.TransferEncodingChunked = true;

            var answer = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("Hello", ((MessageCreatedEvent)consumer.Next(1).Single().Event!).Payload!.Text);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_taken_body_that_names_an_event_but_is_not_one_is_written_as_unrecognised_never_acknowledged_as_a_check(bool signed)
        {
            var listener = Listen(o => o.Secret = signed ? Secret : null);
            using var consumer = LocalListener.Consume(listener);
            var bodies = new[]
            {
                "[{\"event\":\"contact_created\",\"payload\":{}}]",
                "{\"event\":{\"name\":\"contact_created\"}}",
                "{\"event\":\"contact_created\",\"payload\":{\"name\":\"cut",
            };

            var answers = new List<HttpStatusCode>();
            foreach (var text in bodies)
            {
                var body = Encoding.UTF8.GetBytes(text);
                answers.Add((await PostAsync(body, signed ? WebhookSignature.Sign(body, Secret, DateTimeOffset.UtcNow) : null)).StatusCode);
            }

            var entries = consumer.Next(3);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
            Assert.All(entries, e => Assert.Equal(ListenerEntryKind.Event, e.Kind));
            Assert.All(entries, e => Assert.Equal("unrecognised", e.Event!.Event));
            Assert.Equal(bodies, entries.Select(e => e.Event!.RawBody));
            Assert.All(entries, e => Assert.Equal(signed, e.Event!.Verified));
        }

        [Fact]
        public async Task With_a_secret_a_signed_event_is_verified_and_a_bad_or_missing_signature_is_refused_with_401()
        {
            var listener = Listen(o => o.Secret = Secret);
            using var consumer = LocalListener.Consume(listener);
            var body = ContactCreated("Signed");

            var good = await PostAsync(body, WebhookSignature.Sign(body, Secret, DateTimeOffset.UtcNow));
            var wrong = await PostAsync(body, WebhookSignature.Sign(body, "whsec_someone_else", DateTimeOffset.UtcNow));
            var none = await PostAsync(body);
            var check = await _http.PostAsync(Url, new StringContent("{}"));

            Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK }, new[] { good.StatusCode, wrong.StatusCode, none.StatusCode, check.StatusCode });
            var entries = consumer.Next(4);
            Assert.True(entries[0].Event!.Verified);
            Assert.NotNull(entries[0].Event!.SignedAt);
            Assert.Equal(ListenerEntryKind.Rejected, entries[1].Kind);
            Assert.Contains("does not match", entries[1].Detail);
            Assert.Equal(ListenerEntryKind.Rejected, entries[2].Kind);
            Assert.Contains("no X-Callbell-Signature", entries[2].Detail);
            Assert.Null(entries[1].Event);
            Assert.Equal(ListenerEntryKind.Check, entries[3].Kind);
            Assert.DoesNotContain(entries, e => e.Detail.Contains("whsec_"));
        }

        [Fact]
        public async Task The_signature_is_checked_before_the_body_is_parsed()
        {
            var listener = Listen(o => o.Secret = Secret);
            using var consumer = LocalListener.Consume(listener);

            // Not JSON at all: parsed first, it would pass for a connection check.
            var answer = await PostAsync(Encoding.UTF8.GetBytes("{\"event\": not json at all"), WebhookSignature.Sign(Encoding.UTF8.GetBytes("other"), Secret, DateTimeOffset.UtcNow));

            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal(ListenerEntryKind.Rejected, consumer.Next(1).Single().Kind);
        }

        [Fact]
        public void Without_a_secret_the_listener_starts_only_when_unsigned_events_are_allowed()
        {
            var error = Assert.Throws<CallbellException>(() => WebhookListener.Start(new WebhookListenerOptions { Prefixes = new[] { "http://127.0.0.1:" + LocalListener.FreePort() + "/" } }));

            Assert.Equal("Secret", error.ParameterName);
            Assert.Contains("AllowUnsigned", error.RecommendedAction);
        }

        [Fact]
        public async Task An_event_is_answered_only_once_taken_and_when_the_queue_is_full_a_delivery_is_answered_503_so_callbell_retries()
        {
            var listener = Listen(o => o.QueueLimit = 2);

            var first = PostAsync(ContactCreated("one"));
            var second = PostAsync(ContactCreated("two"));
            await LocalListener.WaitUntil(() => listener.Waiting == 2);
            var third = await PostAsync(ContactCreated("three"));

            Assert.False(first.IsCompleted || second.IsCompleted); // held until taken
            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
            Assert.True(third.Headers.RetryAfter != null);
            var taken = Take(listener, 3);
            Assert.Equal(new[] { "one", "two" }, taken.Where(e => e.Kind == ListenerEntryKind.Event).Select(e => ((ContactCreatedEvent)e.Event!).Payload!.Name).OrderBy(n => n));
            Assert.Contains("disable the webhook", Assert.Single(taken, e => e.Kind == ListenerEntryKind.Deferred).Detail);
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await second).StatusCode);

            var retried = PostAsync(ContactCreated("three"));
            Assert.Equal("three", ((ContactCreatedEvent)Take(listener, 1).Single().Event!).Payload!.Name);
            Assert.Equal(HttpStatusCode.OK, (await retried).StatusCode);
        }

        [Fact]
        public async Task An_event_not_taken_in_time_is_answered_503_and_never_handed_out_later()
        {
            var listener = Listen(o => o.TakeTimeout = TimeSpan.FromMilliseconds(200));

            var answer = await PostAsync(ContactCreated("late"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal(ListenerEntryKind.Deferred, Take(listener, 1).Single().Kind);
            Assert.False(listener.TryTake(out _, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        }

        [Fact]
        public async Task Its_messages_read_the_same_under_every_culture()
        {
            var culture = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            try
            {
                var listener = Listen(o => o.TakeTimeout = TimeSpan.FromMilliseconds(250));

                await PostAsync(ContactCreated("late"));

                Assert.Contains("within 0.25 s", Take(listener, 1).Single().Detail);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = culture;
            }
        }

        [Fact]
        public async Task An_event_the_consumer_could_not_deliver_is_answered_503()
        {
            var listener = Listen();
            var posted = PostAsync(ContactCreated("dropped"));
            Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None));

            listener.Complete(entry!, delivered: false);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await posted).StatusCode);
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
        public async Task A_sender_that_trickles_its_body_is_cut_off_at_the_deadline_and_its_slot_freed()
        {
            var listener = Listen(o =>
            {
                o.BodyTimeout = TimeSpan.FromMilliseconds(300);
                o.MaxConnections = 1;
            });
            using var consumer = LocalListener.Consume(listener);
            using var slow = new TcpClient();
            await slow.ConnectAsync(IPAddress.Loopback, new Uri(Url).Port);
            var stream = slow.GetStream();
            var head = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
            await stream.WriteAsync(head, 0, head.Length);

            // The listener cuts it off: at most a 408 head arrives, then the connection closes,
            // well before the test's bound. Never a 200: that would acknowledge a half body.
            var closed = Task.Run(() =>
            {
                var text = new StringBuilder();
                var buffer = new byte[1024];
                try
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                }
                catch (IOException)
                {
                    // Reset rather than closed: cut off all the same.
                }

                return text.ToString();
            });
            Assert.Same(closed, await Task.WhenAny(closed, Task.Delay(Wait)));
            var answer = await closed;
            Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);

            await LocalListener.WaitUntil(() => listener.InFlight == 0);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(ContactCreated("after"))).StatusCode);
        }

        [Fact]
        public async Task Requests_beyond_the_cap_are_answered_503_at_once()
        {
            var listener = Listen(o => o.MaxConnections = 2);
            var first = PostAsync(ContactCreated("one"));
            var second = PostAsync(ContactCreated("two"));
            await LocalListener.WaitUntil(() => listener.Waiting == 2);

            var third = await _http.GetAsync(Url);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
            Take(listener, 3);
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await second).StatusCode);
        }

        [Fact]
        public async Task A_resend_of_a_delivered_body_within_the_window_is_acknowledged_and_not_handed_out_again()
        {
            var listener = Listen(o => o.DuplicateWindow = TimeSpan.FromMinutes(1));
            using var consumer = LocalListener.Consume(listener);

            var answers = new List<HttpStatusCode>();
            foreach (var body in new[] { ContactCreated("same"), ContactCreated("same"), ContactCreated("other") })
            {
                answers.Add((await PostAsync(body)).StatusCode);
            }

            Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK }, answers);
            var entries = consumer.Next(3);
            Assert.Equal(new[] { ListenerEntryKind.Event, ListenerEntryKind.Duplicate, ListenerEntryKind.Event }, entries.Select(e => e.Kind));
            Assert.Equal("other", ((ContactCreatedEvent)entries[2].Event!).Payload!.Name);
        }

        [Fact]
        public async Task Log_entries_waiting_are_bounded_and_the_rest_counted()
        {
            var listener = Listen(o => o.MaxLogEntries = 5);

            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url)).StatusCode);
            }

            Assert.Equal(5, Take(listener, 5).Count);
            Assert.False(listener.TryTake(out _, TimeSpan.Zero, CancellationToken.None));
            Assert.Equal(15, listener.DroppedLogEntries);
        }

        [Fact]
        public void A_port_another_program_holds_is_a_clear_error_naming_it()
        {
            var holder = new TcpListener(IPAddress.Any, 0);
            holder.Start();
            try
            {
                var port = ((IPEndPoint)holder.LocalEndpoint).Port;

                var error = Assert.Throws<CallbellException>(() => WebhookListener.Start(new WebhookListenerOptions { Prefixes = new[] { "http://+:" + port + "/" }, AllowUnsigned = true }));

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
        public async Task Stopping_answers_waiting_events_503_refuses_new_ones_and_loses_nothing_acknowledged()
        {
            var listener = Listen();
            var delivered = new List<string>();
            var posts = Enumerable.Range(0, 8).Select(i => PostAsync(ContactCreated("event " + i))).ToList();
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url)).StatusCode); // a log entry waits among the events
            await LocalListener.WaitUntil(() => listener.Waiting == 8);
            while (delivered.Count < 3)
            {
                Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None));
                if (entry!.Kind != ListenerEntryKind.Event)
                {
                    continue;
                }

                delivered.Add(((ContactCreatedEvent)entry!.Event!).Payload!.Name!);
                listener.Complete(entry, delivered: true);
            }

            listener.Stop();

            var answers = await Task.WhenAll(posts);
            var acknowledged = answers.Select((a, i) => (a.StatusCode, Name: "event " + i)).Where(a => a.StatusCode == HttpStatusCode.OK).Select(a => a.Name).ToList();
            Assert.Equal(delivered.OrderBy(n => n), acknowledged.OrderBy(n => n));
            Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable));
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(ContactCreated("after")));
            Assert.False(listener.TryTake(out var late, Wait, CancellationToken.None) && late!.Kind == ListenerEntryKind.Event);
        }

        [Fact]
        public async Task Deliveries_that_arrive_while_the_listener_stops_are_never_answered_200_unless_taken()
        {
            var listener = Listen();
            var answers = new System.Collections.Concurrent.ConcurrentQueue<HttpStatusCode>();
            using var stopPosting = new CancellationTokenSource();
            var posters = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                for (var i = 0; !stopPosting.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var answer = await http.PostAsync(Url, new ByteArrayContent(ContactCreated("poster " + p + " #" + i)));
                        answers.Enqueue(answer.StatusCode);
                    }
                    catch (HttpRequestException)
                    {
                        // The port closed: Callbell would retry.
                    }
                }
            })).ToList();
            var taken = 0;
            while (taken < 20)
            {
                Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None));
                if (entry!.Kind == ListenerEntryKind.Event)
                {
                    listener.Complete(entry, delivered: true);
                    taken++;
                }
            }

            listener.Dispose();
            await Task.Delay(300); // the posters meet the closed port
            stopPosting.Cancel();
            await Task.WhenAll(posters);

            Assert.Equal(taken, answers.Count(a => a == HttpStatusCode.OK));
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

        public override void Dispose()
        {
            base.Dispose();
            _http.Dispose();
        }


        private Task<HttpResponseMessage> PostAsync(byte[] body, string? signature = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(body) };
            if (signature != null)
            {
                request.Headers.Add(WebhookSignature.HeaderName, signature);
            }

            return _http.SendAsync(request);
        }


        private static List<ListenerEntry> Take(WebhookListener listener, int count) => LocalListener.Take(listener, count);
    }
}
