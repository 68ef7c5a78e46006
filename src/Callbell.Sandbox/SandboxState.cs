using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Callbell.Sandbox.Data;

namespace Callbell.Sandbox
{
    /// <summary>
    /// Everything the sandbox account holds, changed by requests and visible in later reads.
    /// Contacts live in a <see cref="ContactStore"/>; the small areas are lists of JSON objects
    /// shaped as the reference shows them. Handlers lock the state while they touch the small areas.
    /// </summary>
    public sealed class SandboxState
    {
        internal SandboxState(SandboxOptions options)
        {
            Options = options;
            Contacts = new ContactStore(options.Contacts) { PhoneIndexDelay = options.PhoneIndexDelay };
            Channels = SeedData.Channels();
            Teams = SeedData.Teams();
            Members = SeedData.Members();
            Templates = SeedData.Templates();
            Funnels = SeedData.Funnels();
            CustomStatuses = SeedData.CustomStatuses();
            Users = SeedData.Users();
            WebhookEvents = SeedData.WebhookEvents(options.WebhookEvents);
            Deliveries = new Webhooks.WebhookDeliveries(this);
        }

        public SandboxOptions Options { get; }

        /// <summary>Cancelled when the sandbox stops: what runs on by itself (paced statuses) ends with it.</summary>
        internal System.Threading.CancellationToken Stopping => _stopping.Token;

        private readonly System.Threading.CancellationTokenSource _stopping = new System.Threading.CancellationTokenSource();

        internal void Stop() => _stopping.Cancel();

        public ContactStore Contacts { get; }

        public List<JsonObject> Channels { get; }

        public List<JsonObject> Teams { get; }

        /// <summary>Team uuid → its members.</summary>
        public Dictionary<string, List<JsonObject>> Members { get; }

        public List<JsonObject> Templates { get; }

        public List<JsonObject> Funnels { get; }

        public List<JsonObject> CustomStatuses { get; }

        /// <summary>User uuid → the user's status (the API returns no user list; uuids come from the dashboard).</summary>
        public Dictionary<string, JsonObject> Users { get; }

        /// <summary>Message uuid → the send request and how often its status was read.</summary>
        public Dictionary<string, SentMessage> Messages { get; } = new Dictionary<string, SentMessage>(StringComparer.Ordinal);

        /// <summary>Messages sent to each contact uuid, newest last (they show in its history).</summary>
        public Dictionary<string, List<JsonObject>> History { get; } = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);

        /// <summary>Contact uuid → notes added to its conversation.</summary>
        public Dictionary<string, List<string>> Notes { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>The account's one webhook, or null.</summary>
        public JsonObject? Webhook { get; set; }

        public List<JsonObject> WebhookEvents { get; }

        /// <summary>The events on their way to the webhook (see <see cref="SandboxOptions.DeliverWebhooks"/>).</summary>
        public Webhooks.WebhookDeliveries Deliveries { get; }

        /// <summary>When true, template sends answer 402 whatsapp_wallet_depleted_credit (plain messages still go).</summary>
        public bool WhatsAppCreditDepleted { get; set; }
    }

    /// <summary>A message accepted by POST /messages/send.</summary>
    public sealed class SentMessage
    {
        public SentMessage(JsonObject request, JsonObject body)
        {
            Request = request;
            Body = body;
        }

        /// <summary>The body the client sent.</summary>
        public JsonObject Request { get; }

        /// <summary>The MessageSendRequest answered.</summary>
        public JsonObject Body { get; }

        public int Reads { get; set; }
    }
}
