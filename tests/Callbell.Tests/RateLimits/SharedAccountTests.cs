using System;
using System.Linq;
using CsCheck;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    /// <summary>
    /// Processes on different machines, sharing an account through nothing but the server's 429s
    /// (<see cref="SharedAccountSimulation"/>), over many random starts, sizes and round trips.
    /// </summary>
    public sealed class SharedAccountTests
    {
        private const int Budget = 300;

        private static readonly Gen<double> RoundTrips = Gen.Double[20, 300];

        [Fact]
        public void Two_processes_started_together_share_the_budget_evenly_with_few_429s()
        {
            Gen.Select(Gen.Int[1200, 4000], RoundTrips, RoundTrips, Gen.Double[0, 0.3], Gen.Int).Sample((rows, first, second, apart, seed) =>
            {
                var run = new SharedAccountSimulation(Budget, seed).Process(0, rows, first).Process(apart, rows, second).Run();
                var times = run.Processes.Select(p => p.Seconds).ToList();

                Assert.True(run.Processes.All(p => p.Done), "a process did not finish");
                AssertFewRefused(run, first, second);

                // Over 400 random runs: 0.84 in the median, 0.80 at the 5th percentile, 0.76 at worst.
                Assert.True(run.Utilisation >= 0.7, "together they used " + run.Utilisation.ToString("0.000") + " of the budget");
                Assert.True(times.Max() / times.Min() <= 1.25, "one took " + times.Max() + " s, the other " + times.Min() + " s");
            }, iter: 200, threads: 1);
        }

        [Fact]
        public void Processes_that_come_and_go_all_finish_and_none_is_starved()
        {
            var process = Gen.Select(Gen.Double[0, 20], Gen.Int[300, 6000], RoundTrips);
            Gen.Select(process.Array[2, 3], Gen.Int).Sample((processes, seed) =>
            {
                var simulation = new SharedAccountSimulation(Budget, seed);
                foreach (var (start, rows, roundTrip) in processes)
                {
                    simulation.Process(start, rows, roundTrip);
                }

                // Even sharing with every other process for the whole run would take this long;
                // a starved process would take far longer.
                var fairShare = processes.Sum(p => p.Item2) / (Budget * 0.5);
                var run = simulation.Run(limitSeconds: 20 + (2 * fairShare));

                Assert.True(run.Processes.All(p => p.Done), "a process did not finish within " + (20 + (2 * fairShare)) + " s");
                AssertFewRefused(run, processes.Select(p => p.Item3).ToArray());
            }, iter: 200, threads: 1);
        }

        /// <summary>
        /// At most 5% of the requests refused, beyond what each process sends at the whole budget
        /// in two round trips: one that starts into a full account learns of it no sooner, and
        /// when three start together each first claims half the budget, which costs one more.
        /// </summary>
        private static void AssertFewRefused(SharedAccountSimulation run, params double[] roundTripsMs)
        {
            var all = run.Accepted + run.Refused;
            var learning = roundTripsMs.Sum(ms => 2 * Budget * ms / 1000);
            Assert.True(run.Refused - learning <= 0.05 * all, run.Refused + " of " + all + " refused (" + learning.ToString("0") + " of them allowed while the processes learned)");
        }

        [Theory]
        [InlineData(20)]
        [InlineData(150)]
        [InlineData(300)]
        public void A_process_alone_is_never_refused_and_uses_the_budget(double roundTripMs)
        {
            var run = new SharedAccountSimulation(Budget).Process(0, 6000, roundTripMs).Run();

            Assert.Equal(0, run.Refused);
            Assert.InRange(run.Utilisation, 0.9, 1.0);
        }

        [Fact]
        public void A_process_whose_neighbour_has_finished_gets_the_whole_budget_back()
        {
            var run = new SharedAccountSimulation(Budget, seed: 7).Process(0, 1500, 50).Process(0, 15000, 50).Run();
            var neighbourDone = (int)Math.Ceiling(run.Processes[0].Seconds);
            var survivor = run.Processes[1].PerSecond;

            // About 25 windows after its last 429 it paces at the whole budget again (less the
            // window's allowance): a second's count at 0.9 of the budget or more.
            var back = Enumerable.Range(neighbourDone, survivor.Count - neighbourDone).First(s => survivor[s] >= 0.9 * Budget);
            Assert.InRange(back - neighbourDone, 1, 30);
            Assert.True(survivor.Skip(back).Take(survivor.Count - back - 1).All(n => n >= 0.9 * Budget), "it fell back under the budget: " + string.Join(" ", survivor.Skip(back)));
        }
    }
}
