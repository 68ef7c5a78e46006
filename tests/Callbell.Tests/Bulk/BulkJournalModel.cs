using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Callbell.Bulk;
using CsCheck;
using Xunit;

namespace Callbell.Tests.Bulk
{
    /// <summary>
    /// A model of runs over one journal, as a re-run job lives them: each run's input changes
    /// (rows added, removed, moved, repeated), requests are acted on or refused or lose their
    /// answers, and the process is killed between any two writes, sometimes halfway through a
    /// line. The invariant, after any number of runs: no identity was acted on twice, and in the
    /// last run (nothing killed, nothing failing) every row was acted on exactly once, or is
    /// named as unknown (and was acted on at most once).
    /// </summary>
    public sealed class BulkJournalModel
    {
        private static readonly Gen<Run> Runs =
            Gen.Select(
                Gen.Int[0, 3].Array[0, 4],                          // edits: 0 add, 1 remove, 2 move, 3 repeat
                Gen.Int[0, 1000].Array[4],                          // where each edit lands
                Gen.Int[0, 9].Array[40],                            // each item's fate
                Gen.Frequency((2, Gen.Int[-1, -1]), (3, Gen.Int[0, 40])), // kill before the item at this index, or none
                Gen.Bool)                                           // the kill tears the last line
            .Select((edits, places, fates, killAt, tear) => new Run(edits, places, fates, killAt, tear));

        private static readonly Gen<Scenario> Scenarios =
            Gen.Select(Gen.Int[0, 11].Select(i => "row " + i).Array[1, 24], Runs.Array[1, 5]).Select((rows, runs) => new Scenario(rows, runs));

        [Fact]
        public void No_identity_is_acted_on_twice_and_the_last_run_names_all_it_did_not_do()
        {
            Scenarios.Sample(s => Check(s.Rows, s.Runs), iter: 300, threads: 1,
                print: s => string.Join(",", s.Rows) + " | " + string.Join(" / ", s.Runs.Select(r => r.ToString())));
        }

        private static void Check(string[] firstRows, Run[] runs)
        {
            var path = Path.Combine(Path.GetTempPath(), "callbell-model-" + Guid.NewGuid().ToString("N") + ".journal");
            try
            {
                var acted = new Dictionary<string, int>();
                var rows = firstRows.ToList();
                foreach (var run in runs)
                {
                    rows = run.Edit(rows);
                    Execute(path, rows, run, acted, out _);
                    AssertNothingTwice(acted);
                }

                // The last run: nothing killed, every request answered and acted on.
                Execute(path, rows, Run.Clean, acted, out var named);
                AssertNothingTwice(acted);
                using var journal = BulkJournal.Read(path, "Send-CallbellMessage");
                foreach (var identity in Identities(rows))
                {
                    var times = acted.TryGetValue(identity, out var t) ? t : 0;
                    Assert.True(times == 1 || named.Contains(identity), identity + " was acted on " + times + " times and not named as unknown");
                }
            }
            finally
            {
                File.Delete(path);
                File.Delete(path + ".lock");
            }
        }

        private static void AssertNothingTwice(Dictionary<string, int> acted)
        {
            foreach (var pair in acted)
            {
                Assert.True(pair.Value <= 1, pair.Key.Replace("\n", " ") + " was acted on " + pair.Value + " times");
            }
        }

        /// <summary>The identities one run gives its rows: identical rows numbered in order.</summary>
        private static List<string> Identities(List<string> rows)
        {
            var counts = new Dictionary<string, int>();
            return rows.Select(r =>
            {
                var n = counts[r] = counts.TryGetValue(r, out var c) ? c + 1 : 1;
                return n == 1 ? r : r + "\n#" + n;
            }).ToList();
        }

        /// <summary>One process's run, as CallbellChangeCmdlet.Journaled drives the journal.</summary>
        private static void Execute(string path, List<string> rows, Run run, Dictionary<string, int> acted, out HashSet<string> named)
        {
            named = new HashSet<string>();
            var journal = BulkJournal.Open(path, "Send-CallbellMessage");
            long before = 0;
            var killed = false;
            try
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var entry = journal.Occurrence(rows[i], out _);
                    var state = journal.StateOf(entry);
                    if (state == JournalState.Done)
                    {
                        continue;
                    }

                    if (state == JournalState.Unknown)
                    {
                        named.Add(entry);
                        continue;
                    }

                    var fate = run.Fates[i % run.Fates.Length];
                    before = new FileInfo(path).Length;
                    journal.StartedAsync(entry).GetAwaiter().GetResult(); // flushed to disk before the request leaves
                    if (i == run.KillAt)
                    {
                        killed = true;
                        switch (fate % 4)
                        {
                            case 0: // killed while "started" was being written: the request never left
                                break;
                            case 1: // killed with the request out, after the server acted
                                Act(acted, entry);
                                before = new FileInfo(path).Length;
                                break;
                            case 2: // killed with the request out, before it arrived
                                before = new FileInfo(path).Length;
                                break;
                            default: // acted and answered; killed while "done" was being written
                                Act(acted, entry);
                                before = new FileInfo(path).Length;
                                journal.DoneAsync(entry).GetAwaiter().GetResult();
                                break;
                        }

                        break;
                    }

                    switch (fate)
                    {
                        case 7: // answered: refused, nothing done
                            journal.FailedAsync(entry, "Callbell.InvalidRequest.422").GetAwaiter().GetResult();
                            break;
                        case 8: // acted on, answer lost
                            Act(acted, entry);
                            journal.UnknownAsync(entry, "Callbell.Timeout").GetAwaiter().GetResult();
                            break;
                        case 9: // lost on the way there
                            journal.UnknownAsync(entry, "Callbell.Connection").GetAwaiter().GetResult();
                            break;
                        default:
                            Act(acted, entry);
                            before = new FileInfo(path).Length;
                            journal.DoneAsync(entry).GetAwaiter().GetResult();
                            break;
                    }
                }
            }
            finally
            {
                journal.Dispose();
            }

            if (killed && run.Tear)
            {
                // The kill came halfway through the last line written.
                var length = new FileInfo(path).Length;
                if (length - before > 1)
                {
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                    file.SetLength(before + ((length - before) / 2));
                }
            }
        }

        private static void Act(Dictionary<string, int> acted, string identity) =>
            acted[identity] = acted.TryGetValue(identity, out var n) ? n + 1 : 1;

        private sealed record Scenario(string[] Rows, Run[] Runs);

        private sealed class Run
        {
            public static readonly Run Clean = new Run(new int[0], new int[4], new int[] { 0 }, -1, false);

            public Run(int[] edits, int[] places, int[] fates, int killAt, bool tear)
            {
                Edits = edits;
                Places = places;
                Fates = fates;
                KillAt = killAt;
                Tear = tear;
            }

            public int[] Edits { get; }

            public int[] Places { get; }

            public int[] Fates { get; }

            public int KillAt { get; }

            public bool Tear { get; }

            public List<string> Edit(List<string> rows)
            {
                var next = rows.ToList();
                for (var e = 0; e < Edits.Length; e++)
                {
                    var at = Places[e] % (next.Count + 1);
                    switch (Edits[e])
                    {
                        case 0:
                            next.Insert(at, "row new " + Places[e] % 7);
                            break;
                        case 1 when next.Count > 1:
                            next.RemoveAt(at % next.Count);
                            break;
                        case 2 when next.Count > 1:
                            var moved = next[at % next.Count];
                            next.RemoveAt(at % next.Count);
                            next.Insert(Places[(e + 1) % Places.Length] % (next.Count + 1), moved);
                            break;
                        case 3 when next.Count > 0:
                            next.Insert(at, next[at % next.Count]);
                            break;
                    }
                }

                return next;
            }

            public override string ToString() => "edits " + string.Join("", Edits) + " kill " + KillAt + (Tear ? " torn" : string.Empty) + " fates " + string.Join("", Fates.Take(12));
        }
    }
}
