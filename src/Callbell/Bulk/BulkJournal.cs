using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Callbell.Bulk
{
    /// <summary>
    /// A bulk command's record of what it did to each item, so that a re-run of an interrupted job
    /// (a 402, a reboot, Ctrl+C, a killed process) does what is left, never repeats what was done,
    /// and lists, without repeating, what may or may not have happened. One JSON object a line,
    /// appended and flushed to disk as each event happens; earlier content is never rewritten:
    /// <code>
    /// {"journal":"CallbellPS","version":1,"command":"Send-CallbellMessage","at":"2026-11-30T22:10:00Z"}
    /// {"key":"+393331234567|b1a2…|template 7e00…|Anna","event":"started","at":"…"}
    /// {"key":"+393331234567|b1a2…|template 7e00…|Anna","event":"done","at":"…"}
    /// {"key":"…","event":"failed","at":"…","error":"Callbell.InvalidRequest.422"}
    /// {"key":"…","event":"unknown","at":"…","error":"Callbell.Timeout"}
    /// </code>
    /// The first line names the command; each run after it appends a "run" line. An item's last
    /// event decides: done is skipped; failed (the API answered and did not act) is tried again;
    /// unknown, or started with nothing after it (the process died during the request), may have
    /// acted and is not repeated unless asked.
    /// </summary>
    internal sealed class BulkJournal : IDisposable
    {
        private const string Magic = "CallbellPS";

        private readonly object _gate = new object();
        private readonly Dictionary<string, string> _last = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly FileStream _file;

        private BulkJournal(FileStream file, string path, string command)
        {
            _file = file;
            Path = path;
            Command = command;
        }

        public string Path { get; }

        public string Command { get; }

        /// <summary>
        /// Opens (or creates) the journal at <paramref name="path"/> for <paramref name="command"/>:
        /// a journal another command wrote, or one that cannot be read, is an error before any request.
        /// </summary>
        public static BulkJournal Open(string path, string command)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw CallbellException.InvalidArgument("Journal", "The journal '" + path + "' cannot be opened: " + ex.Message, "Give -Journal a file path you can write.");
            }

            try
            {
                var journal = new BulkJournal(file, path, command);
                journal.Load();
                return journal;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>What the journal knows of <paramref name="key"/>.</summary>
        public JournalState StateOf(string key)
        {
            lock (_gate)
            {
                if (!_last.TryGetValue(key, out var last))
                {
                    return JournalState.NotAttempted;
                }

                switch (last)
                {
                    case "done": return JournalState.Done;
                    case "failed": return JournalState.Failed;
                    default: return JournalState.Unknown; // unknown, or started with nothing after it
                }
            }
        }

        public void Started(string key) => Append(key, "started", null);

        public void Done(string key) => Append(key, "done", null);

        /// <summary>The API answered and did not act: a re-run tries again.</summary>
        public void Failed(string key, string error) => Append(key, "failed", error);

        /// <summary>It may have acted: a re-run does not repeat it unless asked.</summary>
        public void Unknown(string key, string error) => Append(key, "unknown", error);

        public void Dispose() => _file.Dispose();

        private void Load()
        {
            var text = new StreamReader(_file, new UTF8Encoding(false), false, 4096, leaveOpen: true).ReadToEnd();
            var lines = text.Split('\n');
            var complete = text.EndsWith("\n", StringComparison.Ordinal);
            var header = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(line);
                }
                catch (JsonException) when ((i == lines.Length - 1 && !complete) || NextStartsARun(lines, i))
                {
                    // A line being written when the process died (the next run started after it): it never happened.
                    continue;
                }
                catch (JsonException)
                {
                    throw Unreadable(i + 1, "it is not JSON");
                }

                using (document)
                {
                    var root = document.RootElement;
                    if (!header)
                    {
                        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("journal", out var magic) || magic.ValueKind != JsonValueKind.String || magic.GetString() != Magic)
                        {
                            throw Unreadable(i + 1, "it is not a CallbellPS journal");
                        }

                        var written = root.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                        if (!string.Equals(written, Command, StringComparison.OrdinalIgnoreCase))
                        {
                            throw CallbellException.InvalidArgument("Journal", "The journal '" + Path + "' was written by " + (written ?? "another command") + ", not " + Command + ": its items would not mean the same.", "Give this command a journal of its own.");
                        }

                        header = true;
                        continue;
                    }

                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("run", out _))
                    {
                        continue;
                    }

                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
                        || !root.TryGetProperty("event", out var what) || what.ValueKind != JsonValueKind.String)
                    {
                        throw Unreadable(i + 1, "it has no key and event");
                    }

                    _last[key.GetString()!] = what.GetString()!;
                }
            }

            _file.Seek(0, SeekOrigin.End);
            if (text.Length > 0 && !complete)
            {
                Write("\n"); // end the cut line, so what follows starts on its own
            }

            Write(header
                ? Line(writer => writer.WriteString("run", Now()))
                : Line(writer =>
                {
                    writer.WriteString("journal", Magic);
                    writer.WriteNumber("version", 1);
                    writer.WriteString("command", Command);
                    writer.WriteString("at", Now());
                }));
        }

        private static bool NextStartsARun(string[] lines, int index)
        {
            for (var i = index + 1; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length > 0)
                {
                    return line.StartsWith("{\"run\":", StringComparison.Ordinal);
                }
            }

            return false;
        }

        private void Append(string key, string what, string? error)
        {
            var line = Line(writer =>
            {
                writer.WriteString("key", key);
                writer.WriteString("event", what);
                writer.WriteString("at", Now());
                if (error != null)
                {
                    writer.WriteString("error", error);
                }
            });
            lock (_gate)
            {
                _last[key] = what;
                Write(line);
            }
        }

        private void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            _file.Write(bytes, 0, bytes.Length);
            _file.Flush(flushToDisk: true); // a reboot must not lose what was sent
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
