using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Bulk;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Bulk
{
    /// <summary>
    /// The bulk engine: every way out ends within a bound, items are written in input order,
    /// one key never overlaps itself, and what it holds never grows with the input.
    /// Each test that could hang runs under <see cref="Bounded"/>: a hang fails it in seconds.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public sealed class ItemPipelineTests
    {
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

        [Fact]
        public async Task A_downstream_stop_after_the_first_result_ends_promptly_with_repeated_keys_in_flight()
        {
            // The reported hang: (a,b,b,c,c,d,d,d) | Get-CallbellContact | Select-Object -First 1, at 200 ms.
            await Bounded(() =>
            {
                var host = new TestHost { OnWrite = _ => new TestHost.PipelineStopped() };
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Adaptive(), default);
                var stopped = Assert.Throws<TestHost.PipelineStopped>(() =>
                {
                    foreach (var key in new[] { "a", "b", "b", "c", "c", "d", "d", "d" })
                    {
                        pipeline.Add(Item(key, host, TimeSpan.FromMilliseconds(200)));
                    }

                    pipeline.Drain();
                });

                var clock = Stopwatch.StartNew();
                pipeline.Cancel(); // what Dispose does
                Assert.True(clock.Elapsed < ItemPipeline.StopBound + TimeSpan.FromSeconds(1), "cancel took " + clock.Elapsed);
                Assert.Equal(0, pipeline.Held);
            });
        }

        [Fact]
        public async Task Ctrl_C_while_waiting_ends_the_wait_at_once_and_cancels_every_request()
        {
            await Bounded(() =>
            {
                using var stop = new CancellationTokenSource();
                var host = new TestHost(stop.Token);
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Fixed(2), stop.Token);
                var cancelled = 0;
                WorkItem Slow(string key) => new WorkItem
                {
                    Key = key,
                    Execute = async (_, ct) =>
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, ct);
                        }
                        catch (OperationCanceledException)
                        {
                            Interlocked.Increment(ref cancelled);
                            throw;
                        }

                        return null;
                    },
                    Write = host.Write,
                };

                stop.CancelAfter(200);
                Assert.Throws<TestHost.PipelineStopped>(() =>
                {
                    pipeline.Add(Slow("a"));
                    pipeline.Add(Slow("b"));
                    pipeline.Add(Slow("b"));
                    pipeline.Add(Slow("c"));
                    pipeline.Add(Slow("d")); // blocks: the pipeline is full of requests that never answer
                });
                pipeline.Cancel();

                Assert.Equal(2, Volatile.Read(ref cancelled)); // "a" and "b" were running; the second "b" never started
                Assert.Empty(host.Written);
            });
        }

        [Fact]
        public async Task A_throw_inside_an_approval_ends_the_command_and_frees_its_key_for_nobody_to_wait_on()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Adaptive(), default);
                var prompt = Item("a", host, TimeSpan.FromMilliseconds(50));
                prompt.Approve = _ => throw new InvalidOperationException("cannot prompt in a non-interactive host");

                var thrown = Assert.Throws<InvalidOperationException>(() =>
                {
                    pipeline.Add(prompt);
                    pipeline.Add(Item("a", host, TimeSpan.FromMilliseconds(50)));
                    pipeline.Add(Item("b", host, TimeSpan.FromMilliseconds(50)));
                    pipeline.Drain();
                });

                pipeline.Cancel();
                Assert.Contains("non-interactive", thrown.Message);
                Assert.Equal(0, pipeline.BusyKeys);
            });
        }

        [Fact]
        public async Task A_declined_item_lets_the_next_item_with_its_key_go_ahead()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Adaptive(), default);
                var declined = Item("a", host, TimeSpan.FromMilliseconds(20));
                declined.Approve = _ => false;

                pipeline.Add(declined);
                pipeline.Add(Item("a", host, TimeSpan.FromMilliseconds(20), "second a"));
                pipeline.Drain();

                Assert.Equal(new object?[] { "second a" }, host.Written);
            });
        }

        [Fact]
        public async Task A_refusal_in_an_approval_is_that_items_error_and_the_others_go_on()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Adaptive(), default);
                var refused = Item("a", host, TimeSpan.FromMilliseconds(20));
                refused.ErrorPrefix = "Row 1: ";
                refused.Approve = _ => throw CallbellException.InvalidArgument("To", "already sent");

                pipeline.Add(refused);
                pipeline.Add(Item("b", host, TimeSpan.FromMilliseconds(20), "b"));
                pipeline.Drain();

                Assert.Equal(new[] { "Row 1: already sent" }, host.Errors);
                Assert.Equal(new object?[] { "b" }, host.Written);
            });
        }

        [Fact]
        public async Task Results_come_in_input_order_and_one_key_never_overlaps_itself()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Fixed(8), default);
                var running = new ConcurrentDictionary<string, int>();
                var overlaps = 0;
                var random = new Random(7);
                var keys = Enumerable.Range(0, 60).Select(i => "k" + random.Next(6)).ToArray();
                for (var i = 0; i < keys.Length; i++)
                {
                    var key = keys[i];
                    var index = i;
                    var delay = random.Next(1, 15);
                    pipeline.Add(new WorkItem
                    {
                        Key = key,
                        Execute = async (_, ct) =>
                        {
                            if (running.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                            {
                                Interlocked.Increment(ref overlaps);
                            }

                            await Task.Delay(delay, ct);
                            running.AddOrUpdate(key, 0, (_, n) => n - 1);
                            return index;
                        },
                        Write = host.Write,
                    });
                }

                pipeline.Drain();

                Assert.Equal(0, overlaps);
                Assert.Equal(Enumerable.Range(0, keys.Length).Cast<object?>(), host.Written);
            });
        }

        [Fact]
        public async Task A_read_for_a_key_starts_only_after_the_change_before_it_for_that_key_has_ended()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Fixed(4), default);
                var value = 0;
                WorkItem Increment(string key) => new WorkItem
                {
                    Key = key,
                    Prepare = async ct => { await Task.Delay(5, ct); return Volatile.Read(ref value); },
                    Execute = async (plan, ct) => { await Task.Delay(5, ct); Volatile.Write(ref value, (int)plan! + 1); return null; },
                };

                for (var i = 0; i < 10; i++)
                {
                    pipeline.Add(Increment("contact"));
                }

                pipeline.Drain();

                Assert.Equal(10, value); // a read that overlapped a write would lose an increment
            });
        }

        [Fact]
        public async Task What_it_holds_stays_bounded_however_long_the_input()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var concurrency = AdaptiveConcurrency.Adaptive(32);
                var pipeline = new ItemPipeline(host, concurrency, default);
                var mostHeld = 0;
                var mostKeys = 0;
                var written = 0;
                for (var i = 0; i < 20_000; i++)
                {
                    pipeline.Add(new WorkItem
                    {
                        Key = "contact-" + i,
                        Execute = (_, __) => Task.FromResult<object?>(null),
                        Write = _ => written++,
                    });
                    mostHeld = Math.Max(mostHeld, pipeline.Held);
                    mostKeys = Math.Max(mostKeys, pipeline.BusyKeys);
                }

                pipeline.Drain();

                Assert.Equal(20_000, written);
                Assert.True(mostHeld <= 2 * concurrency.Maximum + 1, "held " + mostHeld);
                Assert.True(mostKeys <= concurrency.Maximum, "keys held " + mostKeys);
                Assert.Equal(0, pipeline.BusyKeys);
            });
        }

        [Fact]
        public async Task A_fatal_failure_writes_what_came_before_then_ends_the_command_without_starting_more()
        {
            await Bounded(() =>
            {
                var host = new TestHost();
                var pipeline = new ItemPipeline(host, AdaptiveConcurrency.Fixed(1), default);
                var started = 0;
                WorkItem Send(string key, bool fatal) => new WorkItem
                {
                    Key = key,
                    Execute = (_, __) =>
                    {
                        Interlocked.Increment(ref started);
                        return fatal ? Task.FromException<object?>(new CallbellException(CallbellErrorKind.InvalidRequest, "Callbell.Test.402", "credit used up")) : Task.FromResult<object?>(key);
                    },
                    IsFatal = _ => true,
                    Write = host.Write,
                };

                Assert.Throws<TestHost.Terminated>(() =>
                {
                    pipeline.Add(Send("a", false));
                    pipeline.Add(Send("b", true));
                    pipeline.Add(Send("c", false));
                    pipeline.Add(Send("d", false));
                    pipeline.Drain();
                });

                Assert.Equal(new object?[] { "a" }, host.Written);
                Assert.True(started <= 3, "started " + started);
            });
        }

        private static WorkItem Item(string key, TestHost host, TimeSpan latency, object? result = null) => new WorkItem
        {
            Key = key,
            Target = key,
            Execute = async (_, ct) =>
            {
                await Task.Delay(latency, ct);
                return result ?? key;
            },
            Write = host.Write,
        };

        /// <summary>Runs <paramref name="test"/> on its own thread (as the pipeline thread) and fails if it has not ended within the bound.</summary>
        private static async Task Bounded(Action test)
        {
            var run = Task.Factory.StartNew(test, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var finished = await Task.WhenAny(run, Task.Delay(Bound));
            Assert.True(finished == run, "still running after " + Bound + ": the engine hung");
            await run;
        }
    }
}
