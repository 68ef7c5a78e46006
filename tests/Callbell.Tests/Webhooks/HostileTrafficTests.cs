using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Tests.Support;
using Callbell.Webhooks;
using Xunit;

namespace Callbell.Tests.Webhooks
{
    /// <summary>
    /// The receiver under attack while Callbell delivers: every signed event arrives once and in
    /// order, no attack is ever acknowledged, and every attack ends, idle connections included. Figures at full scale come
    /// from bench/Invoke-WebhookSiegeBenchmark.ps1.
    /// </summary>
    public sealed class HostileTrafficTests
    {
        private const string Secret = "whsec_hostile_traffic_test";

        [Fact]
        public async Task Every_signed_event_is_delivered_once_and_in_order_while_the_receiver_is_attacked()
        {
            var (listener, url) = LocalListener.Start(o =>
            {
                o.Secret = Secret;
                o.BodyTimeout = TimeSpan.FromSeconds(1);
                o.MaxBodyBytes = 64 * 1024;
                o.IdleTimeout = TimeSpan.FromSeconds(1);
            });
            using (listener)
            {
                var delivered = new ConcurrentQueue<string>();
                using var stopConsumer = new CancellationTokenSource();
                var consumer = Task.Run(() =>
                {
                    try
                    {
                        while (true)
                        {
                            if (listener.TryTake(out var entry, TimeSpan.FromMilliseconds(100), stopConsumer.Token) && entry!.Kind == ListenerEntryKind.Event)
                            {
                                delivered.Enqueue(((ContactCreatedEvent)entry.Event!).Payload!.Name!);
                                listener.Complete(entry, delivered: true);
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                });

                var traffic = new HostileTraffic(new Uri(url));
                using var endOfRun = new CancellationTokenSource();
                var flood = traffic.UnsignedFloodAsync(2, endOfRun.Token);
                var ending = Task.WhenAll(traffic.IdleAsync(100, endOfRun.Token), traffic.SlowSendersAsync(50, endOfRun.Token), traffic.OversizedAsync(10, endOfRun.Token), traffic.MalformedChunkedAsync(10, endOfRun.Token));
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

                var attempts = await traffic.DeliverSignedAsync(Secret, 150, TimeSpan.Zero, bound.Token);
                Assert.Same(ending, await Task.WhenAny(ending, Task.Delay(TimeSpan.FromSeconds(30))));
                endOfRun.Cancel();
                await flood;
                stopConsumer.Cancel();
                await consumer;

                Assert.Equal(Enumerable.Range(0, 150).Select(i => "Event " + i), delivered);
                Assert.True(attempts >= 150);
                var reports = traffic.Reports.ToDictionary(r => r.Name);
                Assert.All(reports.Values, r => Assert.False(r.Answers.ContainsKey("200"), r.ToString()));
                Assert.True(reports["unsigned flood"].Answers["401"] > 0, reports["unsigned flood"].ToString());
                Assert.Equal(50, reports["slow sender (a byte a second)"].Answers.Where(a => a.Key != "still held at the end").Sum(a => a.Value));
                Assert.Equal(10, reports["body far over the limit"].Answers.GetValueOrDefault("413") + reports["body far over the limit"].Answers.GetValueOrDefault("cut off"));
                Assert.Equal(10, reports["malformed chunked encoding"].Count);
                Assert.Equal(100, reports["idle connection"].Answers.Where(a => a.Key != "still held at the end").Sum(a => a.Value));
            }
        }
    }
}
