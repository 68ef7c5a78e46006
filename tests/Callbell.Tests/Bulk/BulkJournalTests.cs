using System;
using System.IO;
using System.Threading.Tasks;
using System.Linq;
using Callbell.Bulk;
using Xunit;

namespace Callbell.Tests.Bulk
{
    /// <summary>The journal that lets an interrupted bulk job be finished without doing anything twice.</summary>
    public sealed class BulkJournalTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "callbell-journal-" + Guid.NewGuid().ToString("N") + ".jsonl");

        [Fact]
        public async Task A_reopened_journal_knows_what_was_done_refused_unknown_and_started_without_an_end()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                await journal.StartedAsync("a");
                await journal.DoneAsync("a");
                await journal.StartedAsync("b");
                await journal.FailedAsync("b", "Callbell.InvalidRequest.422");
                await journal.StartedAsync("c");
                await journal.UnknownAsync("c", "Callbell.Timeout");
                await journal.StartedAsync("d"); // the process died here
            }

            using var again = BulkJournal.Open(_path, "Send-CallbellMessage");

            Assert.Equal(JournalState.Done, again.StateOf("a"));
            Assert.Equal(JournalState.Failed, again.StateOf("b"));
            Assert.Equal(JournalState.Unknown, again.StateOf("c"));
            Assert.Equal(JournalState.Unknown, again.StateOf("d"));
            Assert.Equal(JournalState.NotAttempted, again.StateOf("e"));
        }

        [Fact]
        public async Task Earlier_content_is_kept_line_for_line_and_each_line_is_one_json_object()
        {
            using (var journal = BulkJournal.Open(_path, "Set-CallbellContact"))
            {
                await journal.StartedAsync("contact 1");
                await journal.DoneAsync("contact 1");
            }

            var before = File.ReadAllText(_path);
            using (var journal = BulkJournal.Open(_path, "Set-CallbellContact"))
            {
                await journal.StartedAsync("contact 2");
            }

            var after = File.ReadAllText(_path);
            Assert.StartsWith(before, after);
            Assert.All(after.Split('\n').Where(l => l.Length > 0), l => System.Text.Json.JsonDocument.Parse(l).Dispose());
            Assert.Contains("\"command\":\"Set-CallbellContact\"", after.Split('\n')[0]);
        }

        [Fact]
        public void Another_commands_journal_is_refused_naming_the_parameter()
        {
            BulkJournal.Open(_path, "Send-CallbellMessage").Dispose();

            var error = Assert.Throws<CallbellException>(() => BulkJournal.Open(_path, "Remove-CallbellContact"));

            Assert.Equal("Journal", error.ParameterName);
            Assert.Contains("Send-CallbellMessage", error.Message);
        }

        [Fact]
        public void A_file_that_is_not_a_journal_is_refused_and_left_as_it_was()
        {
            File.WriteAllText(_path, "Name,Phone\nAnna,+39333\n");

            var error = Assert.Throws<CallbellException>(() => BulkJournal.Open(_path, "Send-CallbellMessage"));

            Assert.Equal("Journal", error.ParameterName);
            Assert.Equal("Name,Phone\nAnna,+39333\n", File.ReadAllText(_path));
        }

        [Fact]
        public async Task A_last_line_cut_by_a_kill_is_ignored_and_ended_before_the_next_run_writes()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                await journal.StartedAsync("a");
                await journal.DoneAsync("a");
            }

            File.AppendAllText(_path, "{\"key\":\"b\",\"ev");
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                Assert.Equal(JournalState.NotAttempted, journal.StateOf("b"));
                await journal.StartedAsync("b");
            }

            using var third = BulkJournal.Open(_path, "Send-CallbellMessage");
            Assert.Equal(JournalState.Unknown, third.StateOf("b"));
            Assert.Equal(JournalState.Done, third.StateOf("a"));
        }

        [Fact]
        public async Task A_journal_held_by_a_run_is_refused_to_a_second_one_naming_the_first_and_free_again_after()
        {
            using (var first = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                await first.StartedAsync("a");
                var before = File.ReadAllText(_path);

                // A second opening, as a thread job in the same process would make; another process gets the same OS lock.
                var error = Assert.Throws<CallbellException>(() => BulkJournal.Open(_path, "Send-CallbellMessage"));

                Assert.Equal("Callbell.JournalInUse", error.ErrorId);
                Assert.Contains("process " + System.Diagnostics.Process.GetCurrentProcess().Id + " on " + Environment.MachineName, error.Message);
                Assert.Equal(before, File.ReadAllText(_path)); // the refused run wrote nothing
            }

            using var again = BulkJournal.Open(_path, "Send-CallbellMessage");
            Assert.Equal(JournalState.Unknown, again.StateOf("a"));
        }

        [Fact]
        public async Task Keys_are_hashes_of_identities_so_the_file_holds_no_text_and_only_identical_items_are_numbered()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                var first = journal.Occurrence("send\n393331234567\ntext=Your code is 4411", out var n1);
                var other = journal.Occurrence("send\n393339999999\ntext=Your code is 4411", out var n2);
                var again = journal.Occurrence("send\n393331234567\ntext=Your code is 4411", out var n3);
                Assert.Equal((1, 1, 2), (n1, n2, n3));
                await journal.StartedAsync(first);
                await journal.DoneAsync(first);
                await journal.StartedAsync(again);
            }

            var text = File.ReadAllText(_path);
            Assert.DoesNotContain("393331234567", text);
            Assert.DoesNotContain("4411", text);
            Assert.Contains("\"key\":\"" + BulkJournal.KeyOf("send\n393331234567\ntext=Your code is 4411") + "\"", text);
            Assert.Equal(22, BulkJournal.KeyOf("anything").Length);
        }

        [Fact]
        public void A_version_1_journal_is_refused_before_anything_is_written()
        {
            var old = "{\"journal\":\"CallbellPS\",\"version\":1,\"command\":\"Send-CallbellMessage\",\"at\":\"2026-11-30T22:10:00Z\"}\n{\"key\":\"393331234567|c|text|hi\",\"event\":\"done\",\"at\":\"2026-11-30T22:10:01Z\"}\n";
            File.WriteAllText(_path, old);

            var error = Assert.Throws<CallbellException>(() => BulkJournal.Open(_path, "Send-CallbellMessage"));

            Assert.Contains("earlier version of CallbellPS", error.Message);
            Assert.Equal(old, File.ReadAllText(_path));
        }

        [Fact]
        public async Task Reading_for_WhatIf_neither_holds_nor_writes_the_journal()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                await journal.StartedAsync("a");
                await journal.DoneAsync("a");
            }

            var before = File.ReadAllText(_path);
            using (var held = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                using var read = BulkJournal.Read(_path, "Send-CallbellMessage"); // while another run holds it
                Assert.Equal(JournalState.Done, read.StateOf("a"));
                Assert.NotNull(read.LastWritten);
            }

            Assert.StartsWith(before, File.ReadAllText(_path));
            using var missing = BulkJournal.Read(_path + ".none", "Send-CallbellMessage");
            Assert.Equal(0, missing.Count);
            Assert.False(File.Exists(_path + ".none"));
        }

        [Fact]
        public async Task Lines_written_during_a_flush_share_the_next_one_and_none_is_reported_written_before_it_is_on_disk()
        {
            using var journal = BulkJournal.Open(_path, "Send-CallbellMessage");
            using var flushing = new System.Threading.SemaphoreSlim(0);
            using var release = new System.Threading.ManualResetEventSlim(false);
            var held = 0;
            journal.BeforeFlush = () =>
            {
                // The first flush of the items waits, as a slow disk would, until all the others have come.
                if (System.Threading.Interlocked.Exchange(ref held, 1) == 0)
                {
                    flushing.Release();
                    release.Wait(TimeSpan.FromSeconds(10));
                }
            };
            var flushesBefore = journal.Flushes;
            var unwritten = new System.Collections.Concurrent.ConcurrentBag<string>();
            Task Written(string identity, Task append) => append.ContinueWith(_ => CheckOnDisk(identity), TaskScheduler.Default);

            var first = Task.Run(() => Written("item 0", journal.StartedAsync("item 0")));
            Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(10)), "the first flush never started");
            var rest = Enumerable.Range(1, 99).Select(i => Written("item " + i, journal.StartedAsync("item " + i))).ToList();
            Assert.All(rest, t => Assert.False(t.IsCompleted)); // none reported written while its line waits
            release.Set();
            await Task.WhenAll(rest.Append(first)).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Empty(unwritten);
            Assert.Equal(2, journal.Flushes - flushesBefore); // the first line alone, then the 99 that came during it
            Assert.Equal(100, File.ReadAllLines(_path).Count(l => l.Contains("\"event\":\"started\"")));

            void CheckOnDisk(string identity)
            {
                using var reader = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var text = new StreamReader(reader).ReadToEnd();
                if (!text.Contains("{\"key\":\"" + BulkJournal.KeyOf(identity) + "\",\"event\":\"started\""))
                {
                    unwritten.Add(identity);
                }
            }
        }

        public void Dispose()
        {
            File.Delete(_path);
            File.Delete(_path + ".lock");
        }
    }
}
