using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Messages;
using Callbell.Sandbox;
using Callbell.Tests.Infrastructure;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>
    /// The sandbox posting its events to the library's listener: the whole path a user tests
    /// offline (subscribe, act, receive, verify), with the sandbox signing on its own code.
    /// </summary>
    public sealed class SandboxDeliveryTests : IDisposable
    {
        private const string Secret = "whsec_sandbox_delivery_test";
        private readonly SandboxServer _sandbox = SandboxServer.Start(new SandboxOptions { Contacts = 40, DeliverWebhooks = true, WebhookSecret = Secret });
        private readonly List<WebhookListener> _listeners = new List<WebhookListener>();

        [Fact]
        public async Task Subscribed_events_arrive_signed_typed_and_in_order_and_others_do_not()
        {
            var (listener, url) = Listen(o => o.Secret = Secret);
            var client = new CallbellClient(SandboxConnections.Connect(_sandbox));
            await client.Webhooks.SubscribeAsync(url, new[] { "message_created", "message_status_updated", "contact_created", "conversation_closed" }, allowLocalUrl: true);
            var contact = (await client.Contacts.GetPageAsync(new ContactQuery())).Items[0];

            await client.Contacts.UpdateAsync(contact.Uuid!, new ContactChanges { Name = "Not subscribed" }); // contact_updated: not delivered
            var sent = await client.Messages.SendAsync(new MessageDraft { To = contact.PhoneNumber, Text = "Hello", ChannelUuid = await client.Messages.MainChannelAsync("whatsapp"), Metadata = new Dictionary<string, string> { ["order"] = "A-7" } });
            await client.Messages.GetStatusAsync(sent.Uuid!);
            await client.Conversations.CloseAsync(contact.Uuid!);

            var events = Take(listener, 3).Select(e => e.Event!).ToList();
            var created = Assert.IsType<MessageCreatedEvent>(events[0]);
            Assert.Equal("Hello", created.Payload!.Text);
            Assert.Equal(contact.Uuid, created.Payload.Contact!.Uuid);
            Assert.Equal("A-7", ((System.Collections.IDictionary)created.Payload.Metadata!)["order"]);
            var status = Assert.IsType<MessageStatusUpdatedEvent>(events[1]);
            Assert.Equal(sent.Uuid, status.Payload!.Uuid);
            Assert.Equal("sent", status.Payload.Status);
            var closed = Assert.IsType<ConversationClosedEvent>(events[2]);
            Assert.NotNull(closed.Payload!.ClosedAt);
            Assert.All(events, e => Assert.True(e.Verified));
            Assert.False(listener.TryTake(out _, TimeSpan.Zero, CancellationToken.None)); // contact_updated, raised first, never came
        }

        [Fact]
        public async Task An_event_not_taken_in_time_is_answered_503_retried_by_callbell_and_taken_once()
        {
            var (listener, url) = Listen(o => o.TakeTimeout = TimeSpan.FromMilliseconds(300));
            var client = new CallbellClient(SandboxConnections.Connect(_sandbox));
            await client.Webhooks.SubscribeAsync(url, new[] { "contact_deleted" }, allowLocalUrl: true);
            var contact = (await client.Contacts.GetPageAsync(new ContactQuery())).Items[0];

            var refused = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _sandbox.State.Deliveries.Attempted += entry =>
            {
                if ((int)entry["response"]!["code"]! == 503)
                {
                    refused.TrySetResult(true);
                }
                else
                {
                    delivered.TrySetResult(true);
                }
            };

            await client.Contacts.DeleteAsync(contact.Uuid!);
            await refused.Task.WaitAsync(LocalListener.Wait);                         // nobody took it in time

            var entries = Take(listener, 2);                                          // the note that 503s began, then the resend
            Assert.Equal(ListenerEntryKind.Deferred, entries[0].Kind);
            Assert.Equal(contact.Uuid, ((ContactDeletedEvent)entries[1].Event!).Payload!.Uuid);
            await delivered.Task.WaitAsync(LocalListener.Wait);                       // the sandbox logs an attempt once it has the answer
            var log = (await client.Webhooks.GetEventPageAsync(new WebhookEventFilter { Events = new[] { "contact_deleted" }, PageSize = 100 })).Items;
            Assert.Contains(log, e => e.Response!.Code == 503 && e.Success == false);
            Assert.Equal(1, log.Count(e => e.Success == true));
        }

        [Fact]
        public async Task Without_a_webhook_or_with_delivery_off_nothing_is_posted()
        {
            using var quiet = SandboxServer.Start(new SandboxOptions { Contacts = 5 });
            var client = new CallbellClient(SandboxConnections.Connect(quiet));
            var contact = (await client.Contacts.GetPageAsync(new ContactQuery())).Items[0];

            await client.Conversations.CloseAsync(contact.Uuid!);

            Assert.Equal(0, quiet.State.Deliveries.Pending);
            Assert.Equal(quiet.Options.WebhookEvents, quiet.State.WebhookEvents.Count);
        }

        public void Dispose()
        {
            _sandbox.Dispose();
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }

        private (WebhookListener Listener, string Url) Listen(Action<WebhookListenerOptions> configure)
        {
            var (listener, url) = LocalListener.Start(configure);
            _listeners.Add(listener);
            return (listener, url);
        }

        private static List<ListenerEntry> Take(WebhookListener listener, int count) => LocalListener.Take(listener, count, checks: false);
    }
}
