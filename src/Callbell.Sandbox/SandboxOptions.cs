namespace Callbell.Sandbox
{
    /// <summary>How a sandbox starts: where it listens and what data it serves.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; }

        /// <summary>The token the sandbox accepts; null generates a test_ token.</summary>
        public string? Token { get; set; }

        /// <summary>How many generated contacts exist.</summary>
        public int Contacts { get; set; } = 1000;

        /// <summary>Contacts per page of GET /contacts; 20, as the real API.</summary>
        public int PageSize { get; set; } = 20;

        /// <summary>
        /// Whether GET /contacts sends meta.next cursors and caps page numbers at 500 (the API since
        /// August 2026). False answers as older servers did: pages only, no cursor, no cap.
        /// </summary>
        public bool Cursors { get; set; } = true;

        /// <summary>Items per page of the other lists (channels, teams, members, templates, custom statuses).</summary>
        public int ListPageSize { get; set; } = 20;

        /// <summary>How many webhook deliveries GET /webhooks/events has to show.</summary>
        public int WebhookEvents { get; set; } = 60;

        /// <summary>
        /// Posts events (messages sent and their status, contacts created, changed and deleted,
        /// conversations opened and closed) to the subscribed webhook, and then accepts a
        /// loopback webhook URL, the only kind a local sandbox can reach. Off by default, as the
        /// real API refuses localhost.
        /// </summary>
        public bool DeliverWebhooks { get; set; }

        /// <summary>The whsec_ secret deliveries are signed with; null sends them unsigned.</summary>
        public string? WebhookSecret { get; set; }

        /// <summary>Whether contacts carry a field the module does not model (the API grows).</summary>
        public bool UnknownFields { get; set; } = true;

        /// <summary>
        /// The account's rate limit: requests beyond this many in one second are answered 429
        /// with Retry-After, as the API does past 300 a second. 0 turns the limit off (for
        /// benchmarks of raw throughput).
        /// </summary>
        public int RequestsPerSecond { get; set; } = 300;

        /// <summary>
        /// Also answers the paths the reference's code snippets use where they contradict its page
        /// titles (DELETE /messages with a body, POST .../messages/update_funnel, /custom_status/{id}).
        /// Off by default: the page titles and release notes agree on the other spelling, and a
        /// client must be shown to use it.
        /// </summary>
        public bool SnippetPaths { get; set; }

        /// <summary>
        /// How long a sent message stays at each status before it moves on by itself (enqueued →
        /// sent → delivered → read), each move raising message_status_updated, as the real
        /// service's statuses arrive without anyone asking. Zero (the default, for tests that
        /// count steps): statuses move only when read, one step a read.
        /// </summary>
        public System.TimeSpan MessageStatusPace { get; set; }

        /// <summary>Whether each request is kept for inspection. Off for very long benchmarks.</summary>
        public bool RecordRequests { get; set; } = true;

        /// <summary>How long a contact created through the API is not found by its phone number (see ContactStore.PhoneIndexDelay). Default: found at once.</summary>
        public System.TimeSpan PhoneIndexDelay { get; set; }
    }
}
