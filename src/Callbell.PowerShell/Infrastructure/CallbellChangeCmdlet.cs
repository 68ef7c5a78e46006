using System;
using System.Collections.Generic;
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
        private readonly Dictionary<string, int> _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _unknown = new List<string>();
        private int _skipped;

        /// <summary>Opens -Journal before anything is sent: another command's journal, or one that cannot be read, ends the command here.</summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Journal is null || WhatIfRequested())
            {
                return;
            }

            try
            {
                _journal = BulkJournal.Open(GetUnresolvedProviderPathFromPSPath(Journal), MyInvocation.MyCommand.Name);
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

            if (_skipped > 0)
            {
                WriteVerbose(_skipped + " item(s) skipped: done in an earlier run (" + _journal.Path + ").");
            }

            if (_unknown.Count > 0)
            {
                WriteWarning(_unknown.Count + " item(s) not repeated because an earlier run may or may not have done them: " + string.Join("; ", _unknown.Take(20)) + (_unknown.Count > 20 ? "; …" : string.Empty)
                    + ". Check them, then run the command again with -RetryUnknown to do them again.");
            }
        }

        /// <summary>
        /// Puts <paramref name="item"/> under the journal, if there is one: false when the item is
        /// to be skipped (done before, or of unknown outcome without -RetryUnknown); else its
        /// request is recorded as started, then done, failed (answered, not acted) or unknown.
        /// <paramref name="key"/> identifies the item across runs; a key met again in one run
        /// (two rows for one contact) counts its occurrences.
        /// </summary>
        internal bool Journaled(WorkItem item, string key, string? prefix)
        {
            var journal = _journal;
            if (journal is null)
            {
                return true;
            }

            var count = _occurrences[key] = _occurrences.TryGetValue(key, out var before) ? before + 1 : 1;
            var entry = count == 1 ? key : key + "#" + count;
            switch (journal.StateOf(entry))
            {
                case JournalState.Done:
                    _skipped++;
                    WriteVerbose(prefix + "done in an earlier run (" + entry + "); skipped.");
                    return false;
                case JournalState.Unknown when !RetryUnknown:
                    _unknown.Add(entry);
                    WriteWarning(prefix + "an earlier run may or may not have done this (" + entry + "); not repeated.");
                    return false;
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
                    journal.Started(entry);
                });
                try
                {
                    var result = await execute(plan, ct).ConfigureAwait(false);
                    journal.Done(entry);
                    return result;
                }
                catch (CallbellException ex)
                {
                    if (ex.MayHaveTakenEffect)
                    {
                        journal.Unknown(entry, ex.ErrorId);
                    }
                    else
                    {
                        journal.Failed(entry, ex.ErrorId);
                    }

                    throw;
                }
                catch (OperationCanceledException)
                {
                    if (Volatile.Read(ref left) == 1)
                    {
                        journal.Unknown(entry, "stopped"); // stopped while its request was out
                    }

                    throw;
                }
            };
            return true;
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
            if (!Journaled(item, target + ": " + action, null) || !Approved(target, action))
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
