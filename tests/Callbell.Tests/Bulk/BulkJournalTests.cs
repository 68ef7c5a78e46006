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

        public void Dispose() => File.Delete(_path);
    }
}
