using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Bulk;
using Callbell.Http;
using Callbell.Tests.Infrastructure;
using CsCheck;
using Xunit;

namespace Callbell.Tests.Bulk
{
    /// <summary>
    /// The engine's promises over random runs, not examples: random keys with many repeats,
    /// random failures (some fatal), random halvings of the limit while items are in flight, and
    /// a stop at a random point (Ctrl+C, a downstream Select-Object -First, -ErrorAction Stop).
    /// Each run must end within a bound, and each item must end exactly once: run at most once,
    /// never alongside another item of its key, written or reported at most once and in input
    /// order, and never left running when the command has returned (unless Ctrl+C cancelled it).
    /// </summary>
    [Collection(TimingCollection.Name)]
    public sealed class ItemPipelineProperties
    {
        private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(10);
        private static readonly Uri Somewhere = new Uri("https://api.callbell.eu/v1/contacts");

        private static readonly Gen<Planned> Items =
            Gen.Select(Gen.Int[0, 5], Gen.Frequency((14, Gen.Const(Outcome.Success)), (4, Gen.Const(Outcome.Error)), (1, Gen.Const(Outcome.Fatal))), Gen.Int[0, 3], Gen.Frequency((6, Gen.Const(false)), (1, Gen.Const(true))), Gen.Int[-3, 3])
               .Select((key, outcome, delay, halve, finds) => new Planned(key, outcome, delay, halve, finds));

        private static readonly Gen<Scenario> Scenarios =
            Gen.Select(Items.Array[1, 60], Gen.Int[1, 16], Gen.Frequency((3, Gen.Const(Stop.None)), (1, Gen.Const(Stop.CtrlC)), (1, Gen.Const(Stop.Downstream)), (1, Gen.Const(Stop.ErrorStop))), Gen.Int[0, 60])
               .Select((items, cap, stop, at) => new Scenario(items, cap, stop, at));

        [Fact]
        public async Task Every_run_drains_and_every_item_ends_exactly_once_whatever_the_keys_failures_limits_and_stop()
        {
            await Scenarios.SampleAsync(Run, iter: 400, threads: 1, print: s => s.ToString());
        }

        /// <summary>The engine on a thread of its own, as PowerShell's pipeline thread; nothing here blocks a thread-pool thread the requests need.</summary>
        private static async Task Run(Scenario scenario)
        {
            var runner = Task.Factory.StartNew(() => Drive(scenario), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var finished = await Task.WhenAny(runner, Task.Delay(RunBound));
            Assert.True(finished == runner, "still running after " + RunBound + ": the engine hung on " + scenario);
            await runner;
        }

        private static void Drive(Scenario scenario)
        {
            using var ctrlC = new CancellationTokenSource();
            var host = new TestHost(ctrlC.Token);
            var concurrency = AdaptiveConcurrency.Adaptive(scenario.Cap);
            var pipeline = new ItemPipeline(host, concurrency, ctrlC.Token);
            var n = scenario.Items.Length;
            var runs = new int[n];
            var ended = new int[n];
            var reported = new int[n];
            var inFlight = new ConcurrentDictionary<int, int>();
            var overlaps = 0;
            var found = new ConcurrentDictionary<int, int>();
            var foundOverlaps = 0;
            long tick = 0;
            var readAt = new long[n];
            var endedAt = new long[n];
            var order = new List<int>();
            var writes = 0;

            host.OnWrite = _ => scenario.Stop == Stop.Downstream && ++writes > scenario.At % (n + 1) ? new StopUpstream() : null;

            WorkItem Make(int index)
            {
                var planned = scenario.Items[index];
                return new WorkItem
                {
                    Key = "k" + planned.Key,
                    Target = index,
                    Prepare = async ct =>
                    {
                        Volatile.Write(ref readAt[index], Interlocked.Increment(ref tick));
                        await Task.Yield();
                        return planned.Finds;
                    },
                    Resolved = plan => (int)plan! >= 0 ? "r" + plan : null,
                    Execute = async (_, ct) =>
                    {
                        Interlocked.Increment(ref runs[index]);
                        if (inFlight.AddOrUpdate(planned.Key, 1, (_, c) => c + 1) > 1)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        if (planned.Finds >= 0 && found.AddOrUpdate(planned.Finds, 1, (_, c) => c + 1) > 1)
                        {
                            Interlocked.Increment(ref foundOverlaps);
                        }

                        try
                        {
                            if (planned.Halve)
                            {
                                concurrency.Observe(new RequestLogEntry("GET", Somewhere, 500, TimeSpan.FromMilliseconds(1), 1, 1, null, null));
                            }

                            if (planned.DelayMs > 0)
                            {
                                await Task.Delay(planned.DelayMs, ct);
                            }
                            else
                            {
                                await Task.Yield();
                            }

                            switch (planned.Outcome)
                            {
                                case Outcome.Error: throw new CallbellException(CallbellErrorKind.InvalidRequest, "Callbell.Test.422", "refused " + index);
                                case Outcome.Fatal: throw new CallbellException(CallbellErrorKind.InvalidRequest, "Callbell.Test.402", "fatal " + index);
                                default: return index;
                            }
                        }
                        finally
                        {
                            inFlight.AddOrUpdate(planned.Key, 0, (_, c) => c - 1);
                            if (planned.Finds >= 0)
                            {
                                found.AddOrUpdate(planned.Finds, 0, (_, c) => c - 1);
                            }

                            Volatile.Write(ref endedAt[index], Interlocked.Increment(ref tick));
                            Interlocked.Increment(ref ended[index]);
                        }
                    },
                    IsFatal = ex => ex.ErrorId == "Callbell.Test.402",
                    Write = value =>
                    {
                        host.Write(value);
                        order.Add((int)value!);
                        reported[(int)value!]++;
                    },
                    Failed = _ =>
                    {
                        reported[index]++;
                        order.Add(index);
                    },
                };
            }

            var ending = Ending.Drained;
            try
            {
                for (var i = 0; i < n; i++)
                {
                    if (scenario.Stop == Stop.CtrlC && i == scenario.At % n)
                    {
                        ctrlC.Cancel();
                    }

                    if (scenario.Stop == Stop.ErrorStop && i == scenario.At % n)
                    {
                        throw new StopUpstream(); // -ErrorAction Stop: an error record thrown on the pipeline thread
                    }

                    pipeline.Add(Make(i));
                }

                pipeline.Drain();
            }
            catch (TestHost.Terminated)
            {
                ending = Ending.Fatal;
            }
            catch (TestHost.PipelineStopped)
            {
                ending = Ending.CtrlC;
            }
            catch (StopUpstream)
            {
                ending = Ending.Early;
            }

            // What Dispose does: Ctrl+C cancels, any other early end lets requests in flight finish.
            if (ctrlC.IsCancellationRequested)
            {
                ending = Ending.CtrlC; // PowerShell stops the pipeline, whether or not this command was waiting
                pipeline.Cancel();
            }
            else
            {
                pipeline.Close(TimeSpan.FromSeconds(5));
            }

            Assert.Equal(0, overlaps);
            Assert.Equal(0, foundOverlaps);

            // An item acting on what an earlier item changed read it after that change had ended.
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var (a, b) = (scenario.Items[j], scenario.Items[i]);
                    if (runs[i] == 1 && runs[j] == 1 && ending != Ending.CtrlC && a.Finds >= 0 && a.Finds == b.Finds)
                    {
                        Assert.True(readAt[i] > endedAt[j], "item " + i + " read before item " + j + ", acting on the same thing, had ended");
                    }
                }
            }
            for (var i = 0; i < n; i++)
            {
                Assert.True(runs[i] <= 1, "item " + i + " ran " + runs[i] + " times");
                Assert.True(reported[i] <= 1, "item " + i + " was reported " + reported[i] + " times");
                Assert.True(reported[i] == 0 || runs[i] == 1, "item " + i + " was reported without running");
                if (ending != Ending.CtrlC)
                {
                    // Nothing is left running behind the command's back, except what Ctrl+C cancelled.
                    Assert.Equal(runs[i], Volatile.Read(ref ended[i]));
                }
            }

            Assert.Equal(order.OrderBy(i => i), order);
            Assert.Equal(0, pipeline.Held);
            Assert.Equal(0, pipeline.BusyKeys);

            var firstFatal = Array.FindIndex(scenario.Items, p => p.Outcome == Outcome.Fatal);
            switch (ending)
            {
                case Ending.Drained:
                    // No stop, no fatal answer: every item ran once and was reported once.
                    Assert.True(firstFatal < 0 || runs[firstFatal] == 0, "a fatal answer did not end the command");
                    Assert.All(Enumerable.Range(0, n), i => Assert.Equal(1, reported[i]));
                    break;
                case Ending.Fatal:
                    // Everything before the fatal item was reported; nothing after it was written twice or lost silently.
                    var fatal = Enumerable.Range(0, n).First(i => runs[i] == 1 && scenario.Items[i].Outcome == Outcome.Fatal);
                    Assert.All(Enumerable.Range(0, fatal), i => Assert.Equal(1, reported[i]));
                    Assert.Equal(1, reported[fatal]);
                    break;
            }
        }

        private enum Outcome
        {
            Success,
            Error,
            Fatal,
        }

        private enum Stop
        {
            None,
            CtrlC,
            Downstream,
            ErrorStop,
        }

        private enum Ending
        {
            Drained,
            Fatal,
            CtrlC,
            Early,
        }

        private sealed class StopUpstream : Exception
        {
        }

        /// <summary>An item: its key, outcome, latency, whether it halves the limit, and what its read finds it acts on (negative: nothing beyond its key).</summary>
        private sealed record Planned(int Key, Outcome Outcome, int DelayMs, bool Halve, int Finds)
        {
            public override string ToString() => Key + ":" + Outcome.ToString()[0] + DelayMs + (Halve ? "h" : string.Empty) + (Finds >= 0 ? "f" + Finds : string.Empty);
        }

        private sealed record Scenario(Planned[] Items, int Cap, Stop Stop, int At)
        {
            public override string ToString() => "cap " + Cap + ", stop " + Stop + " at " + At + ": " + string.Join(" ", Items.Select(i => i.ToString()));
        }
    }
}
