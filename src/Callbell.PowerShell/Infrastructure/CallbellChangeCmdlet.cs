using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Linq;
using System.Management.Automation;
using Callbell.Bulk;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet that changes something: -Force, -ThrottleLimit, and <see cref="Change{T}"/>, which
    /// asks ShouldProcess on the pipeline thread before the request starts, keeps up to
    /// -ThrottleLimit requests in flight for pipeline input, writes results (with -PassThru) and
    /// errors in input order, and never overlaps two changes of the same target. A change cmdlet
    /// is then a parameter block and one call.
    /// </summary>
    public abstract class CallbellChangeCmdlet : CallbellApiCmdlet
    {
        /// <summary>Skips the confirmation prompt. -WhatIf still only says what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Requests in flight at once for pipeline input. Default: adapts to the rate budget and the latency, from 16 up to Connect-Callbell -ThrottleLimit (256).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        /// <summary>
        /// A file that records each item's outcome as it happens, so that running the same command
        /// again with the same journal does what is left: it skips what was done, does what was
        /// never tried or was refused, and lists without repeating what may or may not have
        /// happened (see about_CallbellPS_Journal). Not used with -WhatIf.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Journal { get; set; }

        /// <summary>With -Journal: does again the items an earlier run may or may not have done (a timeout, a dropped connection, a process killed during the request). Check them first.</summary>
        [Parameter]
        public SwitchParameter RetryUnknown { get; set; }

        private BulkJournal? _journal;
        private readonly List<string> _unknown = new List<string>();
        private int _skipped;

        /// <summary>
        /// Opens -Journal before anything is sent: one held by another run, another command's, or
        /// one that cannot be read ends the command here. With -WhatIf it is only read, to say
        /// what a real run would skip.
        /// </summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Journal is null)
            {
                return;
            }

            try
            {
                var path = GetUnresolvedProviderPathFromPSPath(Journal);
                _journal = WhatIfRequested() ? BulkJournal.Read(path, MyInvocation.MyCommand.Name) : BulkJournal.Open(path, MyInvocation.MyCommand.Name);
            }
            catch (CallbellException ex)
            {
                Terminate(ex, Journal);
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_journal is null)
            {
                return;
            }

            var would = WhatIfRequested() ? " would be" : string.Empty;
            if (_skipped > 0)
            {
                // Loud, not verbose: last week's journal reused by mistake would otherwise send nothing and say nothing.
                WriteWarning(_skipped + " item(s)" + would + " skipped: done in an earlier run recorded in " + _journal.Path
                    + (_journal.LastWritten.HasValue ? " (last written " + _journal.LastWritten.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ")" : string.Empty)
                    + ". To do them again, give the command a new journal.");
            }

            if (_unknown.Count > 0)
            {
                WriteWarning(_unknown.Count + " item(s) not" + (would.Length > 0 ? " to be" : string.Empty) + " repeated because an earlier run may or may not have done them: " + string.Join("; ", _unknown.Take(20)) + (_unknown.Count > 20 ? "; …" : string.Empty)
                    + ". Check them, then run the command again with -RetryUnknown to do them again.");
            }
        }

        /// <summary>
        /// Puts <paramref name="item"/> under the journal, if there is one: false when the item is
        /// to be skipped (done before, or of unknown outcome without -RetryUnknown); else its
        /// request is recorded as started, then done, failed (answered, not acted) or unknown.
        /// <paramref name="identity"/> is what makes the item itself across runs, whatever else the
        /// input holds (the recipient and the whole message; the contact and the row's values): the
        /// journal stores only its hash. Identical items in one run are numbered, so adding or
        /// removing other rows between runs shifts nothing. <paramref name="label"/> names the
        /// item to a person.
        /// </summary>
        internal bool Journaled(WorkItem item, string identity, string label, string? prefix)
        {
            var journal = _journal;
            if (journal is null)
            {
                return true;
            }

            var entry = journal.Occurrence(identity, out var count);
            var named = count == 1 ? label : label + " (#" + count.ToString(CultureInfo.InvariantCulture) + ")";
            switch (journal.StateOf(entry))
            {
                case JournalState.Done:
                    _skipped++;
                    if (WhatIfRequested())
                    {
                        // Said as -WhatIf says everything (and a transcript records): declined, so nothing else happens.
                        ShouldProcess(named, "Skip: done in an earlier run recorded in " + journal.Path);
                    }
                    else
                    {
                        WriteVerbose(prefix + "done in an earlier run (" + named + "); skipped.");
                    }

                    return false;
                case JournalState.Unknown when !RetryUnknown:
                    _unknown.Add(named);
                    WriteWarning(prefix + "an earlier run may or may not have done this (" + named + "); not repeated.");
                    return false;
            }

            if (WhatIfRequested())
            {
                return true; // read only: -WhatIf sends nothing, so there is nothing to record
            }

            var execute = item.Execute;
            item.Execute = async (plan, ct) =>
            {
                // "started" only once a request is about to leave: an item still waiting for the
                // budget when the process dies was never tried, and is done by the next run.
                var left = 0;
                Callbell.Http.SendHook.Set(() =>
                {
                    Interlocked.Exchange(ref left, 1);
                    return journal.StartedAsync(entry);
                });
                try
                {
                    var result = await execute(plan, ct).ConfigureAwait(false);
                    await journal.DoneAsync(entry).ConfigureAwait(false);
                    return result;
                }
                catch (CallbellException ex)
                {
                    if (ex.MayHaveTakenEffect)
                    {
                        await journal.UnknownAsync(entry, ex.ErrorId).ConfigureAwait(false);
                    }
                    else
                    {
                        await journal.FailedAsync(entry, ex.ErrorId).ConfigureAwait(false);
                    }

                    throw;
                }
                catch (OperationCanceledException)
                {
                    if (Volatile.Read(ref left) == 1)
                    {
                        await journal.UnknownAsync(entry, "stopped").ConfigureAwait(false); // Ctrl+C while its request was out
                    }

                    throw;
                }
            };
            return true;
        }

        /// <summary>
        /// A text of the values this invocation was given, parameter by parameter in a fixed order,
        /// less <paramref name="except"/> and the parameters that change how, not what (journal,
        /// confirmation, throttling, common parameters): two rows asking for the same change give
        /// the same text whatever their casing or their order of columns.
        /// </summary>
        internal string BoundIdentity(params string[] except)
        {
            var skip = new HashSet<string>(except, StringComparer.OrdinalIgnoreCase)
            {
                nameof(Journal), nameof(RetryUnknown), nameof(Force), nameof(ThrottleLimit), "PassThru", "Connection", "InputObject",
                "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
                "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
            };
            var text = new StringBuilder();
            foreach (var name in MyInvocation.BoundParameters.Keys.Where(k => !skip.Contains(k)).OrderBy(k => k, StringComparer.OrdinalIgnoreCase))
            {
                text.Append(name.ToLowerInvariant()).Append('=');
                AppendValue(text, MyInvocation.BoundParameters[name]);
                text.Append('\n');
            }

            return text.ToString();
        }

        private static void AppendValue(StringBuilder text, object? value)
        {
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (value)
            {
                case null:
                    text.Append("<null>");
                    break;
                case string s:
                    text.Append(s.Length).Append(':').Append(s);
                    break;
                case System.Collections.IDictionary map:
                    text.Append('{');
                    foreach (var entry in map.Cast<System.Collections.DictionaryEntry>().OrderBy(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase))
                    {
                        text.Append((Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty).ToLowerInvariant()).Append('=');
                        AppendValue(text, entry.Value);
                        text.Append(';');
                    }

                    text.Append('}');
                    break;
                case System.Collections.IEnumerable list:
                    text.Append('[');
                    foreach (var element in list)
                    {
                        AppendValue(text, element);
                        text.Append(',');
                    }

                    text.Append(']');
                    break;
                case IFormattable formattable:
                    text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(value);
                    break;
            }
        }

        /// <summary>
        /// Sends one change. <paramref name="target"/> names the object as a person reads it
        /// ("team 9f3c…"); <paramref name="action"/> says what happens to it.
        /// </summary>
        protected void Change<T>(object? errorTarget, string? key, string target, string action, Func<CancellationToken, Task<T>> send, bool passThru)
        {
            var item = new WorkItem
            {
                Target = errorTarget,
                Key = key,
                Execute = async (_, ct) => await send(ct).ConfigureAwait(false),
                Write = result =>
                {
                    if (passThru && result != null)
                    {
                        WriteObject(result);
                    }
                },
            };
            if (!Journaled(item, target + "\n" + action, target + ": " + action, null) || !Approved(target, action))
            {
                return;
            }

            Items(ThrottleLimit).Add(item);
        }

        protected override void ReleaseResources() => _journal?.Dispose();

        /// <summary>ShouldProcess, unless -Force (and no -WhatIf) says not to ask.</summary>
        protected bool Approved(string target, string action) => Approved(target, action, Force);
    }
}
