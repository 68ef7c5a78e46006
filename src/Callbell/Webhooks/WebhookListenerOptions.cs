using System;
using System.Collections.Generic;

namespace Callbell.Webhooks
{
    /// <summary>Where <see cref="WebhookListener"/> listens and what it accepts.</summary>
    public sealed class WebhookListenerOptions
    {
        /// <summary>HttpListener prefixes, e.g. http://+:8080/ (all interfaces) or http://localhost:8080/hooks/.</summary>
        public IReadOnlyList<string> Prefixes { get; set; } = Array.Empty<string>();

        /// <summary>The whsec_ signing secret; when set, events without a valid signature are answered 401 and not accepted.</summary>
        public string? Secret { get; set; }

        public TimeSpan Tolerance { get; set; } = WebhookSignature.DefaultTolerance;

        /// <summary>Events acknowledged but not yet taken; past this, deliveries are answered 503 so Callbell retries them.</summary>
        public int QueueLimit { get; set; } = 1000;

        /// <summary>Acknowledge at most this many events in all (then 503), so a caller that wants N events never acknowledges one it will not take.</summary>
        public int? AcceptLimit { get; set; }

        /// <summary>Largest body read; larger ones are answered 413.</summary>
        public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
    }
}
