using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>A <see cref="WebhookListener"/> on a free loopback port, and a consumer that takes what it answered.</summary>
    internal static class LocalListener
    {
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

        /// <summary>Unsigned events are allowed unless the test gives a secret.</summary>
        public static (WebhookListener Listener, string Url) Start(Action<WebhookListenerOptions>? configure = null)
        {
            var url = "http://127.0.0.1:" + FreePort() + "/";
            var options = new WebhookListenerOptions { Prefixes = new[] { url }, AllowUnsigned = true };
            configure?.Invoke(options);
            return (WebhookListener.Start(options), url);
        }

        public static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        /// <summary>The next <paramref name="count"/> entries, waiting for each; events are completed as delivered. Connection checks skipped unless <paramref name="checks"/>.</summary>
        public static List<ListenerEntry> Take(WebhookListener listener, int count, bool checks = true)
        {
            var entries = new List<ListenerEntry>();
            while (entries.Count < count)
            {
                Assert.True(listener.TryTake(out var entry, Wait, CancellationToken.None), "expected " + count + " entries, got " + entries.Count);
                if (entry!.Kind == ListenerEntryKind.Event)
                {
                    listener.Complete(entry, delivered: true);
                }

                if (checks || entry.Kind != ListenerEntryKind.Check)
                {
                    entries.Add(entry);
                }
            }

            return entries;
        }

        /// <summary>Polls a condition the listener reaches on its own threads, failing after the suite's bound.</summary>
        public static async Task WaitUntil(Func<bool> condition)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(clock.Elapsed < Wait, "timed out waiting for the listener");
                await Task.Delay(10);
            }
        }

        /// <summary>Takes everything in the background, completing events as delivered, as a pipeline that keeps up does.</summary>
        public static Consumer Consume(WebhookListener listener) => new Consumer(listener);

        public sealed class Consumer : IDisposable
        {
            private readonly BlockingCollection<ListenerEntry> _taken = new BlockingCollection<ListenerEntry>();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly Task _loop;

            public Consumer(WebhookListener listener)
            {
                _loop = Task.Run(() =>
                {
                    try
                    {
                        while (!_stop.IsCancellationRequested)
                        {
                            if (listener.TryTake(out var entry, TimeSpan.FromMilliseconds(100), _stop.Token))
                            {
                                if (entry!.Kind == ListenerEntryKind.Event)
                                {
                                    listener.Complete(entry, delivered: true);
                                }

                                _taken.Add(entry);
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                });
            }

            /// <summary>The next <paramref name="count"/> entries taken (checks skipped unless <paramref name="checks"/>).</summary>
            public List<ListenerEntry> Next(int count, bool checks = true)
            {
                var entries = new List<ListenerEntry>();
                while (entries.Count < count)
                {
                    Assert.True(_taken.TryTake(out var entry, Wait), "expected " + count + " entries, got " + entries.Count);
                    if (checks || entry!.Kind != ListenerEntryKind.Check)
                    {
                        entries.Add(entry!);
                    }
                }

                return entries;
            }

            public void Dispose()
            {
                _stop.Cancel();
                _loop.Wait(Wait);
                _stop.Dispose();
            }
        }
    }
}
