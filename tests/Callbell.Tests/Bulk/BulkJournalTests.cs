using System;
using System.IO;
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
        public void A_reopened_journal_knows_what_was_done_refused_unknown_and_started_without_an_end()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                journal.Started("a");
                journal.Done("a");
                journal.Started("b");
                journal.Failed("b", "Callbell.InvalidRequest.422");
                journal.Started("c");
                journal.Unknown("c", "Callbell.Timeout");
                journal.Started("d"); // the process died here
            }

            using var again = BulkJournal.Open(_path, "Send-CallbellMessage");

            Assert.Equal(JournalState.Done, again.StateOf("a"));
            Assert.Equal(JournalState.Failed, again.StateOf("b"));
            Assert.Equal(JournalState.Unknown, again.StateOf("c"));
            Assert.Equal(JournalState.Unknown, again.StateOf("d"));
            Assert.Equal(JournalState.NotAttempted, again.StateOf("e"));
        }

        [Fact]
        public void Earlier_content_is_kept_line_for_line_and_each_line_is_one_json_object()
        {
            using (var journal = BulkJournal.Open(_path, "Set-CallbellContact"))
            {
                journal.Started("contact 1");
                journal.Done("contact 1");
            }

            var before = File.ReadAllText(_path);
            using (var journal = BulkJournal.Open(_path, "Set-CallbellContact"))
            {
                journal.Started("contact 2");
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
        public void A_last_line_cut_by_a_kill_is_ignored_and_ended_before_the_next_run_writes()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                journal.Started("a");
                journal.Done("a");
            }

            File.AppendAllText(_path, "{\"key\":\"b\",\"ev");
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                Assert.Equal(JournalState.NotAttempted, journal.StateOf("b"));
                journal.Started("b");
            }

            using var third = BulkJournal.Open(_path, "Send-CallbellMessage");
            Assert.Equal(JournalState.Unknown, third.StateOf("b"));
            Assert.Equal(JournalState.Done, third.StateOf("a"));
        }

        [Fact]
        public void A_journal_held_by_a_run_is_refused_to_a_second_one_naming_the_first_and_free_again_after()
        {
            using (var first = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                first.Started("a");
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
        public void Keys_are_hashes_of_identities_so_the_file_holds_no_text_and_only_identical_items_are_numbered()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                var first = journal.Occurrence("send\n393331234567\ntext=Your code is 4411", out var n1);
                var other = journal.Occurrence("send\n393339999999\ntext=Your code is 4411", out var n2);
                var again = journal.Occurrence("send\n393331234567\ntext=Your code is 4411", out var n3);
                Assert.Equal((1, 1, 2), (n1, n2, n3));
                journal.Started(first);
                journal.Done(first);
                journal.Started(again);
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
        public void Reading_for_WhatIf_neither_holds_nor_writes_the_journal()
        {
            using (var journal = BulkJournal.Open(_path, "Send-CallbellMessage"))
            {
                journal.Started("a");
                journal.Done("a");
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

        public void Dispose()
        {
            File.Delete(_path);
            File.Delete(_path + ".lock");
        }
    }
}
