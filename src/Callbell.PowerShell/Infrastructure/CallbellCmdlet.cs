using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Bulk;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// What every Callbell cmdlet shares: finding the connection, waiting for the library on the
    /// pipeline thread, Ctrl+C and error records. Cmdlets themselves only bind parameters, build
    /// a request and write results.
    /// </summary>
    public abstract class CallbellCmdlet : PSCmdlet, IDisposable, IItemHost
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;
        private CallbellClient? _client;
        private ItemPipeline? _items;
        private TimeSpan _finishBound;
        private Callbell.Http.RequestLogEntry? _lastAttempt;
        private CallbellConnection? _held;
        private CommandProgress? _progress;

        /// <summary>Cancelled by Ctrl+C (StopProcessing); every request honours it.</summary>
        protected CancellationToken CancellationToken => _stop.Token;

        internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

        /// <summary>The client for this invocation, over the session's or the environment's connection.</summary>
        protected CallbellClient Client => _client ??= CreateClient(ResolveConnection());

        /// <summary>This session (the runspace the command runs in): what the request log is kept by.</summary>
        internal static Guid? CurrentSession => System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId;

        protected CallbellClient CreateClient(CallbellConnection connection)
        {
            // On the command's thread: the requests it starts, on any thread, log under this session.
            Callbell.Http.RequestSession.Current = CurrentSession;
            return new CallbellClient(connection, new VerboseRequestObserver(this, Dispatcher));
        }

        /// <summary>Waits for <paramref name="task"/>, writing -Verbose lines while it runs; Ctrl+C ends the wait at once.</summary>
        protected T Await<T>(Task<T> task) => Dispatcher.Run(task, CancellationToken);

        protected void Await(Task task) => Dispatcher.Run(task, CancellationToken);

        /// <summary>How many pipeline items this invocation keeps in flight; null until it has pipeline work.</summary>
        internal AdaptiveConcurrency? Concurrency { get; private set; }

        /// <summary>
        /// The items of this invocation in flight (see <see cref="ItemPipeline"/>), created on
        /// first use: adapting to the budget and the latency, up to <paramref name="throttleLimit"/>
        /// (the cmdlet's -ThrottleLimit; 0 for the connection's cap, else 256).
        /// </summary>
        internal ItemPipeline Items(int throttleLimit)
        {
            if (_items is null)
            {
                // The connection is found here, on the pipeline thread: the runspace that knows it
                // is not the current one on the thread-pool threads the requests run on.
                var connection = Client.Connection;
                var cap = throttleLimit > 0 ? throttleLimit : connection.Options.ThrottleLimit;
                Concurrency = AdaptiveConcurrency.Adaptive(cap > 0 ? cap : AdaptiveConcurrency.DefaultMaximum);
                _items = new ItemPipeline(this, Concurrency, CancellationToken);
                _finishBound = connection.Options.Timeout;
            }

            return _items;
        }

        /// <summary>
        /// Looks one pipeline item up (a contact, a bot, a status) with lookups in flight up to
        /// <paramref name="throttleLimit"/>, writing results in input order.
        /// </summary>
        internal void Lookup<T>(string key, int throttleLimit, Func<CancellationToken, Task<T>> get) =>
            Items(throttleLimit).Add(new WorkItem
            {
                Target = key,
                Key = key,
                Execute = async (_, ct) => await get(ct).ConfigureAwait(false),
                Write = WriteObject,
            });

        /// <summary>Writes a failure of one item as a non-terminating error, its message led by <paramref name="prefix"/> ("Row 7: ").</summary>
        internal void WriteItemError(CallbellException exception, object? target, string? prefix)
        {
            var record = ErrorRecords.From(exception, target, MyInvocation.MyCommand.Name);
            if (prefix != null)
            {
                record.ErrorDetails = new ErrorDetails(prefix + exception.Message) { RecommendedAction = record.ErrorDetails?.RecommendedAction ?? exception.RecommendedAction };
            }

            WriteError(record);
        }

        /// <summary>Ends the command with this item's failure (see <see cref="WorkItem.IsFatal"/>).</summary>
        internal void TerminateItem(CallbellException exception, object? target, string? prefix)
        {
            var record = ErrorRecords.From(exception, target, MyInvocation.MyCommand.Name);
            if (prefix != null)
            {
                record.ErrorDetails = new ErrorDetails(prefix + exception.Message) { RecommendedAction = exception.RecommendedAction };
            }

            ThrowTerminatingError(record);
        }

        /// <summary>
        /// PowerShell calls this for each record; every cmdlet's values go through
        /// <see cref="BoundValues"/> first, then its <see cref="ProcessItem"/>.
        /// </summary>
        protected sealed override void ProcessRecord()
        {
            BoundValues.Normalise(this);
            ProcessItem();
        }

        /// <summary>The cmdlet's work for one record, its bound values already normalised.</summary>
        protected virtual void ProcessItem()
        {
        }

        protected override void EndProcessing()
        {
            _items?.Drain();
            if (_progress != null)
            {
                CompleteProgress(_progress);
            }
        }

        /// <summary>Removes a progress bar; a pipeline that is stopping may no longer take it.</summary>
        internal void CompleteProgress(CommandProgress progress)
        {
            try
            {
                WriteProgress(progress.Completed());
            }
            catch (PipelineStoppedException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

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
            catch (CallbellException ex)
            {
                WriteError(ErrorRecords.From(ex, target, MyInvocation.MyCommand.Name));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
        }

        /// <summary>Ends the command: for failures no later item could avoid (no token, refused settings).</summary>
        protected void Terminate(CallbellException exception, object? target = null) =>
            ThrowTerminatingError(ErrorRecords.From(exception, target, MyInvocation.MyCommand.Name));

        /// <summary>ShouldProcess, unless <paramref name="force"/> (and no -WhatIf) says not to ask.</summary>
        protected bool Approved(string target, string action, bool force)
        {
            if (force && !WhatIfRequested())
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>The last request attempt this invocation made (for -StatusCodeVariable), on whatever thread sent it.</summary>
        internal Callbell.Http.RequestLogEntry? LastAttempt
        {
            get => Volatile.Read(ref _lastAttempt);
            set => Volatile.Write(ref _lastAttempt, value);
        }

        /// <summary>Whether -Debug (or $DebugPreference) asks for debug output.</summary>
        internal bool DebugRequested() => StreamRequested("Debug", "DebugPreference");

        /// <summary>Whether -Verbose (or $VerbosePreference) asks for verbose output.</summary>
        internal bool VerboseRequested() => StreamRequested("Verbose", "VerbosePreference");

        /// <summary>Whether what this command writes to the debug or verbose stream would be seen: its switch, else the caller's preference.</summary>
        private bool StreamRequested(string parameter, string preference)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value))
            {
                return value is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(value);
            }

            return SessionState.PSVariable.GetValue(preference) is ActionPreference action && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
        }

        protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
            {
                return whatIf is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(whatIf);
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        void IItemHost.Wait(Task task) => Dispatcher.Run(task, CancellationToken);

        void IItemHost.WriteError(WorkItem item, CallbellException error, string? explanation) =>
            WriteItemError(error, item.Target, item.ErrorPrefix + explanation);

        void IItemHost.Ended(WorkItem item, bool failed)
        {
            var update = (_progress ??= new CommandProgress(0x0CA11BE2, MyInvocation.MyCommand.Name, "Starting")).ItemEnded(failed);
            if (update != null)
            {
                WriteProgress(update);
            }
        }

        void IItemHost.Terminate(WorkItem item, CallbellException error, string? explanation) =>
            TerminateItem(error, item.Target, item.ErrorPrefix + explanation);

        /// <summary>Gives back what a cmdlet holds (a journal file), after the requests in flight have ended.</summary>
        protected virtual void ReleaseResources()
        {
        }

        public void Dispose()
        {
            // Ctrl+C (StopProcessing) cancels what is in flight. Any other early end (a downstream
            // Select-Object -First, -ErrorAction Stop, a terminating error) lets those requests
            // finish within the connection's timeout, so their outcomes are known, not guessed.
            if (_stop.IsCancellationRequested)
            {
                _items?.Cancel();
            }
            else
            {
                _items?.Close(_finishBound);
            }

            _stop.Cancel();
            ReleaseResources();
            ConnectionCache.Release(Interlocked.Exchange(ref _held, null));
            _stop.Dispose();
            _dispatcher?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The connection the command was given (-Connection), if any; else the session's is used.</summary>
        private protected virtual CallbellConnection? ChosenConnection => null;

        /// <summary>
        /// The connection this command uses, held until the command ends (see
        /// <see cref="ConnectionCache.TryHold"/>): one closed between being found and being held
        /// (a reconnect in another runspace) is looked up once more, then refused clearly.
        /// </summary>
        private CallbellConnection ResolveConnection()
        {
            try
            {
                for (var attempt = 0; ; attempt++)
                {
                    var connection = ChosenConnection ?? SessionConnections.Scope.Resolve();
                    if (ConnectionCache.TryHold(connection))
                    {
                        _held = connection;
                        return connection;
                    }

                    if (attempt > 0 || ChosenConnection != null)
                    {
                        throw CallbellException.InvalidArgument("Connection", "The connection (" + connection + ") was closed before this command could use it: Disconnect-Callbell ended it, or Connect-Callbell connected that account again with other settings.",
                            "Connect again with Connect-Callbell, or take a live connection from Get-CallbellConnection.", "Callbell.ConnectionClosed");
                    }
                }
            }
            catch (CallbellException ex)
            {
                Terminate(ex);
                throw; // not reached: Terminate throws
            }
        }
    }
}
