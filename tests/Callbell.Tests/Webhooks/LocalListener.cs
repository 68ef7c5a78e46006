using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>A <see cref="WebhookListener"/> on a free loopback port, and waiting for what it answered.</summary>
    internal static class LocalListener
    {
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        public static (WebhookListener Listener, string Url) Start(Action<WebhookListenerOptions>? configure = null)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var url = "http://127.0.0.1:" + ((IPEndPoint)probe.LocalEndpoint).Port + "/";
            probe.Stop();
            var options = new WebhookListenerOptions { Prefixes = new[] { url } };
            configure?.Invoke(options);
            return (WebhookListener.Start(options), url);
        }

        /// <summary>The next <paramref name="count"/> entries, waiting for each; connection checks skipped unless <paramref name="checks"/>.</summary>
        public static List<ListenerEntry> Take(WebhookListener listener, int count, bool checks = true)
        {
            var entries = new List<ListenerEntry>();
            while (entries.Count < count)
            {
                Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None), "expected " + count + " entries, got " + entries.Count);
                if (checks || entry!.Kind != ListenerEntryKind.Check)
                {
                    entries.Add(entry!);
                }
            }

            return entries;
        }
    }
}
