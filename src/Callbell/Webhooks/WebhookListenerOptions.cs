using System;
using System.Collections.Generic;

namespace Callbell.Webhooks
{
    /// <summary>Where <see cref="WebhookListener"/> listens, what it accepts, and the bounds that keep it safe to expose.</summary>
    public sealed class WebhookListenerOptions
    {
        /// <summary>Where to listen, e.g. http://localhost:8080/ (this machine only), http://+:8080/ (every interface) or http://10.0.0.5:8080/callbell/ (one address; requests to other paths get 404). Plain HTTP: TLS is for the proxy or tunnel in front.</summary>
        public IReadOnlyList<string> Prefixes { get; set; } = Array.Empty<string>();

        /// <summary>The whsec_ signing secret; events without a valid signature are answered 401 and never parsed.</summary>
        public string? Secret { get; set; }

        /// <summary>Accepts events without verifying them when there is no <see cref="Secret"/>; without either, the listener does not start.</summary>
        public bool AllowUnsigned { get; set; }

        public TimeSpan Tolerance { get; set; } = WebhookSignature.DefaultTolerance;

        /// <summary>
        /// Events waiting to be taken, each holding its request open until it is (see
        /// <see cref="WebhookListener.Complete"/>); past this, deliveries are answered 503 and
        /// Callbell retries them. Default 100: a consumer that keeps up never meets it.
        /// </summary>
        public int QueueLimit { get; set; } = 100;

        /// <summary>
        /// Connections open at once, idle ones included. Past it the connection idle longest, if
        /// idle for a fortieth of <see cref="IdleTimeout"/> (250 ms by default), is closed to make room (it holds
        /// nothing; its client reconnects); otherwise the newcomer is answered 503. Default 1,024: a few hundred senders trickling their
        /// bodies until the body timeout leave room for Callbell.
        /// </summary>
        public int MaxConnections { get; set; } = 1024;

        /// <summary>Bytes held in bodies across all connections, being read or waiting to be taken; past this, 503. Default 64 MiB.</summary>
        public long MaxBufferedBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>How long a connection may wait for its first or next request before it is closed. Default 10 s.</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Log entries (checks, refusals) waiting to be taken; past this they are counted, not kept. Default 100.</summary>
        public int MaxLogEntries { get; set; } = 100;

        /// <summary>Largest body read; larger ones are answered 413 and the connection closed. Default 256 KiB: Callbell's events are a few KB.</summary>
        public int MaxBodyBytes { get; set; } = 256 * 1024;

        /// <summary>How long a sender may take over one request, from its first byte to its last; a slower one is answered 408 and cut off. Default 10 s.</summary>
        public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long an event waits to be taken before it is answered 503 (Callbell retries it). Default 8 s: shorter than a sender waits for an answer, so an event is never taken after its sender gave up.</summary>
        public TimeSpan TakeTimeout { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>When set, an event whose body is identical to one taken within this window is acknowledged and not handed out again (Callbell's retry of an acknowledgement it never received).</summary>
        public TimeSpan? DuplicateWindow { get; set; }
    }
}
