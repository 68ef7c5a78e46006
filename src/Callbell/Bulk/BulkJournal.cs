using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Bulk
{
    /// <summary>
    /// A bulk command's record of what it did to each item, so that a re-run of an interrupted job
    /// (a 402, a reboot, Ctrl+C, a killed process) does what is left, never repeats what was done,
    /// and lists, without repeating, what may or may not have happened. One JSON object a line,
    /// appended and flushed to disk as each event happens; earlier content is never rewritten:
    /// <code>
    /// {"journal":"CallbellPS","version":2,"command":"Send-CallbellMessage","at":"2026-11-30T22:10:00.000Z"}
    /// {"run":"2026-11-30T22:10:00.000Z","pid":4242,"host":"web01","user":"svc-callbell"}
    /// {"key":"0HmS2nYy3cVbq1o6nX1dTg","event":"started","at":"…"}
    /// {"key":"0HmS2nYy3cVbq1o6nX1dTg","event":"done","at":"…"}
    /// {"key":"…","event":"failed","at":"…","error":"Callbell.InvalidRequest.422"}
    /// {"key":"…","event":"unknown","at":"…","error":"Callbell.Timeout"}
    /// </code>
    /// A key is a hash of the item's identity (the recipient and the whole message, the contact and
    /// the row's values): never the text itself, so a journal holds no message text or personal
    /// data, and its size does not grow with the messages. An item's last event decides: done is
    /// skipped; failed (the API answered and did not act) is tried again; unknown, or started with
    /// nothing after it (the process died during the request), may have acted and is not repeated
    /// unless asked.
    /// <para>
    /// One run at a time: a journal is held through an exclusive lock on "&lt;journal&gt;.lock"
    /// (an OS lock, released by the OS when a process dies), so a second run, another process or a
    /// thread job, is refused with the owner its run line names, before any request.
    /// </para>
    /// </summary>
    internal sealed class BulkJournal : IDisposable
    {
        private const string Magic = "CallbellPS";
        private const int Version = 2;

        private readonly object _gate = new object();
        private readonly Dictionary<string, JournalState> _last = new Dictionary<string, JournalState>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly FileStream? _file;
        private readonly FileStream? _lock;
        private readonly object _writeGate = new object();
        private List<byte[]> _pending = new List<byte[]>();
        private TaskCompletionSource<bool> _batch = NewBatch();
        private bool _flushing;
        private int _flushes;

        private BulkJournal(string path, string command, FileStream? file, FileStream? lockFile)
        {
            Path = path;
            Command = command;
            _file = file;
            _lock = lockFile;
        }

        public string Path { get; }

        public string Command { get; }

        /// <summary>When the journal was last written before this run; null for a new one.</summary>
        public DateTimeOffset? LastWritten { get; private set; }

        /// <summary>Items the journal knows of.</summary>
        public int Count => _last.Count;

        /// <summary>
        /// Opens (or creates) the journal at <paramref name="path"/> for <paramref name="command"/>
        /// and holds it for this run: a journal another run holds, another command wrote, or one
        /// that cannot be read, is an error before any request.
        /// </summary>
        public static BulkJournal Open(string path, string command)
        {
            var lockFile = Lock(path);
            FileStream? file = null;
            try
            {
                file = Attempt(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read), path);
                var journal = new BulkJournal(path, command, file, lockFile);
                journal.LastWritten = file.Length > 0 ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : (DateTimeOffset?)null;
                journal.Load(ReadAll(file));
                journal.BeginRun();
                return journal;
            }
            catch
            {
                file?.Dispose();
                lockFile.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Reads the journal without holding or writing it (-WhatIf: what would a real run skip?).
        /// A journal that does not exist yet reads as empty.
        /// </summary>
        public static BulkJournal Read(string path, string command)
        {
            var journal = new BulkJournal(path, command, null, null);
            if (!File.Exists(path))
            {
                return journal;
            }

            using (var file = Attempt(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), path))
            {
                journal.LastWritten = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
                journal.Load(ReadAll(file));
            }

            return journal;
        }

        /// <summary>
        /// The identity of this run's next item with <paramref name="identity"/>: the identity
        /// itself the first time, then numbered ("#2", "#3"). Only identical items share an
        /// identity, so rows added, removed or moved between runs shift no other row's number.
        /// </summary>
        public string Occurrence(string identity, out int count)
        {
            count = _occurrences[identity] = _occurrences.TryGetValue(identity, out var before) ? before + 1 : 1;
            return count == 1 ? identity : identity + "\n#" + count.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The key stored for an item: a hash of its identity, 22 characters.</summary>
        public static string KeyOf(string identity)
        {
            byte[] hash;
            using (var sha = SHA256.Create())
            {
                hash = sha.ComputeHash(Encoding.UTF8.GetBytes(identity));
            }

            return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>What the journal knows of the item with this identity.</summary>
        public JournalState StateOf(string identity)
        {
            var key = KeyOf(identity);
            lock (_gate)
            {
                return _last.TryGetValue(key, out var state) ? state : JournalState.NotAttempted;
            }
        }

        /// <summary>Its request is about to leave: completes once that is on disk, and the request must wait for it.</summary>
        public Task StartedAsync(string identity) => AppendAsync(identity, "started", JournalState.Unknown, null);

        public Task DoneAsync(string identity) => AppendAsync(identity, "done", JournalState.Done, null);

        /// <summary>The API answered and did not act: a re-run tries again.</summary>
        public Task FailedAsync(string identity, string error) => AppendAsync(identity, "failed", JournalState.Failed, error);

        /// <summary>It may have acted: a re-run does not repeat it unless asked.</summary>
        public Task UnknownAsync(string identity, string error) => AppendAsync(identity, "unknown", JournalState.Unknown, error);

        /// <summary>How many times the journal has been flushed to disk (tests, the benchmark).</summary>
        internal int Flushes => Volatile.Read(ref _flushes);

        /// <summary>What each flush to disk costs on top of the real one in journals opened from now on: the benchmark's slow cloud disk.</summary>
        internal static TimeSpan SimulatedFlushCost { get; set; }

        /// <summary>What each flush of this journal costs on top of the real one.</summary>
        internal TimeSpan FlushCost { get; set; } = SimulatedFlushCost;

        /// <summary>Runs before each flush, under the write lock (tests hold a flush to see what gathers behind it).</summary>
        internal Action? BeforeFlush { get; set; }

        public void Dispose()
        {
            lock (_writeGate)
            {
                _file?.Dispose();
                _lock?.Dispose();
            }
        }

        /// <summary>
        /// Takes "&lt;journal&gt;.lock" exclusively. FileShare.None is an exclusive OS lock on
        /// every platform (flock on Unix, where the file's other sharing modes are only shared
        /// locks), held per open file, so it also stops a second run in the same process.
        /// </summary>
        private static FileStream Lock(string path)
        {
            var lockPath = path + ".lock";
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (File.Exists(lockPath) && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException))
            {
                throw CallbellException.InvalidArgument("Journal", "The journal '" + path + "' is in use by another run" + Owner(path) + ". Two runs with one journal would both do every item. Nothing was sent.",
                    "Wait for that run to end (or stop it), then run this command again; or give this run a journal of its own.", "Callbell.JournalInUse");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw CannotOpen(path, ex);
            }
        }

        /// <summary>", process 4242 on web01 (svc), started 2026-…": the newest run line, read without disturbing its owner.</summary>
        private static string Owner(string path)
        {
            try
            {
                byte[] bytes;
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    bytes = ReadAll(file);
                }

                string? owner = null;
                foreach (var (start, length) in Lines(bytes))
                {
                    if (length > 7 && bytes[start] == (byte)'{' && bytes[start + 1] == (byte)'"' && bytes[start + 2] == (byte)'r')
                    {
                        owner = DescribeRun(new ReadOnlySpan<byte>(bytes, start, length)) ?? owner;
                    }
                }

                return owner ?? string.Empty;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return string.Empty;
            }
        }

        private static string? DescribeRun(ReadOnlySpan<byte> line)
        {
            try
            {
                var reader = new Utf8JsonReader(line);
                string? at = null, host = null, user = null;
                long? pid = null;
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "run" when reader.TokenType == JsonTokenType.String: at = reader.GetString(); break;
                        case "host" when reader.TokenType == JsonTokenType.String: host = reader.GetString(); break;
                        case "user" when reader.TokenType == JsonTokenType.String: user = reader.GetString(); break;
                        case "pid" when reader.TokenType == JsonTokenType.Number: pid = reader.GetInt64(); break;
                        default: reader.Skip(); break;
                    }
                }

                return at is null ? null : ": process " + pid + " on " + host + (user is null ? string.Empty : " (" + user + ")") + ", started " + at;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static FileStream Attempt(Func<FileStream> open, string path)
        {
            try
            {
                return open();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw CannotOpen(path, ex);
            }
        }

        private static CallbellException CannotOpen(string path, Exception ex) =>
            CallbellException.InvalidArgument("Journal", "The journal '" + path + "' cannot be opened: " + ex.Message, "Give -Journal a file path you can write.");

        private static byte[] ReadAll(FileStream file)
        {
            file.Seek(0, SeekOrigin.Begin);
            var bytes = new byte[file.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = file.Read(bytes, read, bytes.Length - read);
                if (n == 0)
                {
                    Array.Resize(ref bytes, read);
                    break;
                }

                read += n;
            }

            return bytes;
        }

        /// <summary>Each line's start and length (without its newline); the last may have no newline.</summary>
        private static IEnumerable<(int Start, int Length)> Lines(byte[] bytes, int from = 0)
        {
            var start = from;
            while (start < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                var stop = end < 0 ? bytes.Length : end;
                var length = stop - start;
                if (length > 0 && bytes[stop - 1] == (byte)'\r')
                {
                    length--;
                }

                yield return (start, length);
                start = stop + 1;
            }
        }

        private void Load(byte[] bytes)
        {
            var complete = bytes.Length == 0 || bytes[bytes.Length - 1] == (byte)'\n';
            var header = false;
            var number = 0;
            foreach (var (start, length) in Lines(bytes))
            {
                number++;
                var line = Trim(new ReadOnlySpan<byte>(bytes, start, length));
                if (line.Length == 0)
                {
                    continue;
                }

                var entry = default(Entry);
                try
                {
                    entry = Entry.Parse(line);
                }
                catch (JsonException) when ((start + length >= bytes.Length && !complete) || NextStartsARun(bytes, start + length))
                {
                    // A line being written when the process died (the next run started after it): it never happened.
                    continue;
                }
                catch (JsonException)
                {
                    throw Unreadable(number, "it is not JSON");
                }

                if (!header)
                {
                    if (entry.Journal != Magic)
                    {
                        throw Unreadable(number, "it is not a CallbellPS journal");
                    }

                    if (!string.Equals(entry.Command, Command, StringComparison.OrdinalIgnoreCase))
                    {
                        throw CallbellException.InvalidArgument("Journal", "The journal '" + Path + "' was written by " + (entry.Command ?? "another command") + ", not " + Command + ": its items would not mean the same.", "Give this command a journal of its own.");
                    }

                    if (entry.Version != Version)
                    {
                        throw CallbellException.InvalidArgument("Journal", "The journal '" + Path + "' was written by an earlier version of CallbellPS (journal version " + entry.Version + "), whose item keys this version cannot match: a run with it could repeat what that run did. Nothing was sent.",
                            "Finish that job with the module version that started it, or give this run a new journal.");
                    }

                    header = true;
                    continue;
                }

                if (entry.IsRun)
                {
                    continue;
                }

                if (entry.Key is null || entry.State is null)
                {
                    throw Unreadable(number, "it has no key and event");
                }

                _last[entry.Key] = entry.State.Value;
            }

            if (_file is null)
            {
                return;
            }

            _file.Seek(0, SeekOrigin.End);
            if (!complete)
            {
                Write("\n"); // end the cut line, so what follows starts on its own
            }

            if (!header)
            {
                Write(Line(writer =>
                {
                    writer.WriteString("journal", Magic);
                    writer.WriteNumber("version", Version);
                    writer.WriteString("command", Command);
                    writer.WriteString("at", Now());
                }));
            }
        }

        /// <summary>Names this run: a second run refused by the lock names it from here.</summary>
        private void BeginRun()
        {
            Write(Line(writer =>
            {
                writer.WriteString("run", Now());
                writer.WriteNumber("pid", CurrentProcessId());
                writer.WriteString("host", Environment.MachineName);
                writer.WriteString("user", Environment.UserName);
            }));
        }

        private static int CurrentProcessId()
        {
            using var process = Process.GetCurrentProcess();
            return process.Id;
        }

        /// <summary>Whether the first non-blank line after <paramref name="from"/> is a run line: a later run started after a cut line.</summary>
        private static bool NextStartsARun(byte[] bytes, int from)
        {
            foreach (var (start, length) in Lines(bytes, from))
            {
                var line = Trim(new ReadOnlySpan<byte>(bytes, start, length));
                if (line.Length > 0)
                {
                    return line.StartsWith(RunPrefix);
                }
            }

            return false;
        }

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
        {
            while (line.Length > 0 && IsBlank(line[0]))
            {
                line = line.Slice(1);
            }

            while (line.Length > 0 && IsBlank(line[line.Length - 1]))
            {
                line = line.Slice(0, line.Length - 1);
            }

            return line;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';

        private static ReadOnlySpan<byte> RunPrefix => new byte[] { (byte)'{', (byte)'"', (byte)'r', (byte)'u', (byte)'n', (byte)'"', (byte)':' };

        /// <summary>
        /// Appends an event and completes once it is on disk. Events that arrive while a flush
        /// is under way wait for the next one, which takes them all (a group commit): on a disk
        /// where a flush costs 10 ms, a hundred requests starting together wait for one or two
        /// flushes, not a hundred in a row. Nothing is reported written before it is.
        /// </summary>
        private Task AppendAsync(string identity, string what, JournalState state, string? error)
        {
            var key = KeyOf(identity);
            var line = Encoding.UTF8.GetBytes(Line(writer =>
            {
                writer.WriteString("key", key);
                writer.WriteString("event", what);
                writer.WriteString("at", Now());
                if (error != null)
                {
                    writer.WriteString("error", error);
                }
            }));
            Task written;
            bool lead;
            lock (_gate)
            {
                if (_file is null)
                {
                    throw new InvalidOperationException("The journal was opened to be read only.");
                }

                _last[key] = state;
                _pending.Add(line);
                written = _batch.Task;
                lead = !_flushing;
                _flushing = true;
            }

            if (lead)
            {
                // The first writes its own batch at once; any that gathered meanwhile are written
                // off this thread, so a request does not wait for other requests' lines.
                if (FlushBatch())
                {
                    _ = Task.Run(() =>
                    {
                        while (FlushBatch())
                        {
                        }
                    });
                }
            }

            return written;
        }

        /// <summary>Writes and flushes the lines gathered so far; true when more gathered meanwhile (the caller flushes again).</summary>
        private bool FlushBatch()
        {
            List<byte[]> lines;
            TaskCompletionSource<bool> batch;
            lock (_gate)
            {
                lines = _pending;
                batch = _batch;
                _pending = new List<byte[]>();
                _batch = NewBatch();
            }

            try
            {
                lock (_writeGate)
                {
                    BeforeFlush?.Invoke();
                    foreach (var line in lines)
                    {
                        _file!.Write(line, 0, line.Length);
                    }

                    _file!.Flush(flushToDisk: true); // a reboot must not lose what was sent
                    Interlocked.Increment(ref _flushes);
                    if (FlushCost > TimeSpan.Zero)
                    {
                        Thread.Sleep(FlushCost);
                    }
                }

                batch.TrySetResult(true);
            }
            catch (Exception ex)
            {
                batch.TrySetException(ex);
            }

            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return false;
                }

                return true;
            }
        }

        private static TaskCompletionSource<bool> NewBatch() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Write(string text)
        {
            if (_file is null)
            {
                throw new InvalidOperationException("The journal was opened to be read only.");
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            lock (_writeGate)
            {
                _file.Write(bytes, 0, bytes.Length);
                _file.Flush(flushToDisk: true);
            }
        }

        private static string Line(Action<Utf8JsonWriter> write) => Json.PlainJson.Text(writer =>
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }) + "\n";

        private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private CallbellException Unreadable(int line, string why) =>
            CallbellException.InvalidArgument("Journal", "The journal '" + Path + "' cannot be read: line " + line + " " + why + ". Nothing was sent.", "Check the file; a journal is one JSON object a line, written by this module.");

        /// <summary>One line's fields, read without building a document.</summary>
        private struct Entry
        {
            public string? Journal;
            public string? Command;
            public int Version;
            public bool IsRun;
            public string? Key;
            public JournalState? State;

            public static Entry Parse(ReadOnlySpan<byte> line)
            {
                var entry = new Entry { Version = 1 };
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    // A JSON value that is not an object: readable, but not a journal line.
                    return entry;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // Strings only for what is kept: a 100,000-item journal is 200,000 lines.
                    var property = Property.Other;
                    if (reader.ValueTextEquals(KeyName)) property = Property.Key;
                    else if (reader.ValueTextEquals(EventName)) property = Property.Event;
                    else if (reader.ValueTextEquals(RunName)) property = Property.Run;
                    else if (reader.ValueTextEquals(JournalName)) property = Property.Journal;
                    else if (reader.ValueTextEquals(CommandName)) property = Property.Command;
                    else if (reader.ValueTextEquals(VersionName)) property = Property.Version;

                    reader.Read();
                    var isString = reader.TokenType == JsonTokenType.String;
                    switch (property)
                    {
                        case Property.Key when isString: entry.Key = reader.GetString(); break;
                        case Property.Event when isString: entry.State = StateOf(ref reader); break;
                        case Property.Run: entry.IsRun = true; break;
                        case Property.Journal when isString: entry.Journal = reader.GetString(); break;
                        case Property.Command when isString: entry.Command = reader.GetString(); break;
                        case Property.Version when reader.TokenType == JsonTokenType.Number: entry.Version = reader.GetInt32(); break;
                    }

                    if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }

                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    throw new JsonException("The line does not end where its object does.");
                }

                return entry;
            }

            private static JournalState? StateOf(ref Utf8JsonReader reader)
            {
                if (reader.ValueTextEquals(DoneName)) return JournalState.Done;
                if (reader.ValueTextEquals(FailedName)) return JournalState.Failed;
                if (reader.ValueTextEquals(UnknownName) || reader.ValueTextEquals(StartedName)) return JournalState.Unknown;
                return null;
            }

            private static ReadOnlySpan<byte> KeyName => new byte[] { (byte)'k', (byte)'e', (byte)'y' };

            private static ReadOnlySpan<byte> EventName => new byte[] { (byte)'e', (byte)'v', (byte)'e', (byte)'n', (byte)'t' };

            private static ReadOnlySpan<byte> RunName => new byte[] { (byte)'r', (byte)'u', (byte)'n' };

            private static ReadOnlySpan<byte> JournalName => new byte[] { (byte)'j', (byte)'o', (byte)'u', (byte)'r', (byte)'n', (byte)'a', (byte)'l' };

            private static ReadOnlySpan<byte> CommandName => new byte[] { (byte)'c', (byte)'o', (byte)'m', (byte)'m', (byte)'a', (byte)'n', (byte)'d' };

            private static ReadOnlySpan<byte> VersionName => new byte[] { (byte)'v', (byte)'e', (byte)'r', (byte)'s', (byte)'i', (byte)'o', (byte)'n' };

            private static ReadOnlySpan<byte> DoneName => new byte[] { (byte)'d', (byte)'o', (byte)'n', (byte)'e' };

            private static ReadOnlySpan<byte> FailedName => new byte[] { (byte)'f', (byte)'a', (byte)'i', (byte)'l', (byte)'e', (byte)'d' };

            private static ReadOnlySpan<byte> UnknownName => new byte[] { (byte)'u', (byte)'n', (byte)'k', (byte)'n', (byte)'o', (byte)'w', (byte)'n' };

            private static ReadOnlySpan<byte> StartedName => new byte[] { (byte)'s', (byte)'t', (byte)'a', (byte)'r', (byte)'t', (byte)'e', (byte)'d' };
        }

        private enum Property
        {
            Other,
            Key,
            Event,
            Run,
            Journal,
            Command,
            Version,
        }
    }

    /// <summary>What a journal knows of one item.</summary>
    internal enum JournalState
    {
        /// <summary>Never tried: do it.</summary>
        NotAttempted,

        /// <summary>Done in an earlier run: skip it.</summary>
        Done,

        /// <summary>Tried, and the API answered that it did not act: try again.</summary>
        Failed,

        /// <summary>Tried, and it may or may not have acted: not repeated unless -RetryUnknown.</summary>
        Unknown,
    }
}
