using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Paging;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// What every Callbell cmdlet shares: finding the connection, waiting for the library on the
    /// pipeline thread, Ctrl+C, error records, and writing a walk of pages with progress.
    /// Cmdlets themselves only bind parameters, build a request and write results.
    /// </summary>
    public abstract class CallbellCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;
        private CallbellClient? _client;

        /// <summary>Cancelled by Ctrl+C (StopProcessing); every request honours it.</summary>
        protected CancellationToken CancellationToken => _stop.Token;

        internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

        /// <summary>The client for this invocation, over the session's or the environment's connection.</summary>
        protected CallbellClient Client => _client ??= CreateClient(ResolveConnection());

        protected CallbellClient CreateClient(CallbellConnection connection) =>
            new CallbellClient(connection, new VerboseRequestObserver(this, Dispatcher));

        /// <summary>Waits for <paramref name="task"/>, writing -Verbose lines while it runs.</summary>
        protected T Await<T>(Task<T> task) => Dispatcher.Run(task);

        /// <summary>
        /// Runs the work for one pipeline item. A Callbell failure becomes a non-terminating
        /// error for that item, so the rest of the pipeline goes on.
        /// </summary>
        protected void ForItem(object? target, Action work)
        {
            try
            {
                work();
            }
            catch (CallbellPageException ex)
            {
                var record = ErrorRecords.From(ex, target);
                record.ErrorDetails = new ErrorDetails(ex.Message)
                {
                    RecommendedAction = "Resume where it stopped: run " + MyInvocation.MyCommand.Name + " again with the same filters and -Page " + ex.Page + " -All.",
                };
                WriteError(record);
            }
            catch (CallbellException ex)
            {
                WriteError(ErrorRecords.From(ex, target));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
        }

        /// <summary>Ends the command: for failures no later item could avoid (no token, refused settings).</summary>
        protected void Terminate(CallbellException exception, object? target = null) =>
            ThrowTerminatingError(ErrorRecords.From(exception, target));

        /// <summary>
        /// Writes every item of a walk as its page arrives, with progress, stopping after
        /// <paramref name="first"/> items. When the pipeline stops downstream
        /// (Select-Object -First), disposing the walk cancels what is still in flight.
        /// </summary>
        protected void WriteWalk<T>(IAsyncEnumerable<Page<T>> pages, int? first, string what)
        {
            var progress = new ProgressRecord(0x0CA11BE1 & 0x7FFFFFFF, MyInvocation.MyCommand.Name, "Requesting the first page of " + what);
            var written = 0L;
            var enumerator = pages.GetAsyncEnumerator(CancellationToken);
            try
            {
                while (Dispatcher.Run(enumerator.MoveNextAsync().AsTask()))
                {
                    var page = enumerator.Current;
                    progress.StatusDescription = "Page " + page.Number + (page.Meta != null ? " of " + page.Meta.Pages : string.Empty) + ": " + (written + page.Items.Count) + " " + what;
                    if (page.Meta != null && page.Meta.Pages > 0)
                    {
                        progress.PercentComplete = Math.Min(100, page.Number * 100 / page.Meta.Pages);
                    }

                    WriteProgress(progress);
                    foreach (var item in page.Items)
                    {
                        WriteObject(item);
                        if (++written == first)
                        {
                            return;
                        }
                    }
                }
            }
            finally
            {
                Dispatcher.Run(enumerator.DisposeAsync().AsTask());
                CompleteProgress(progress);
            }
        }

        /// <summary>Writes one page, warning once when more pages exist (or may: contacts carry no page count).</summary>
        protected void WritePage<T>(Page<T> page, string what)
        {
            foreach (var item in page.Items)
            {
                WriteObject(item);
            }

            if (page.MayHaveMore)
            {
                var total = page.Meta != null ? " of " + page.Meta.Pages : string.Empty;
                WriteWarning("This is page " + page.Number + total + " of " + what + (page.Meta != null ? "." : "; more may exist.")
                    + " Use -All to get every page, or -Page " + (page.Number + 1) + " for the next.");
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
            _dispatcher?.Dispose();
            GC.SuppressFinalize(this);
        }

        private CallbellConnection ResolveConnection()
        {
            try
            {
                return ConnectionCache.Resolve(SessionConnections.Current?.Connection);
            }
            catch (CallbellException ex)
            {
                Terminate(ex);
                throw; // not reached: Terminate throws
            }
        }

        private void CompleteProgress(ProgressRecord progress)
        {
            try
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            catch (PipelineStoppedException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
