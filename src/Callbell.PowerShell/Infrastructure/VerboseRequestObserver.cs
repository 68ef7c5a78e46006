using System.Management.Automation;
using Callbell.Http;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns each request attempt into a -Verbose line (and a warning when it carries one), and
    /// with -Debug into the whole exchange (headers and the start of each body, masked), written
    /// on the pipeline thread; tells the command's concurrency how it went.
    /// </summary>
    internal sealed class VerboseRequestObserver : IRequestObserver
    {
        private readonly CallbellCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;
        private readonly bool _debug;
        private readonly bool _verbose;

        public VerboseRequestObserver(CallbellCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;

            // Read here, on the pipeline thread: a line is only built when someone will see it.
            _debug = cmdlet.DebugRequested();
            _verbose = cmdlet.VerboseRequested();
        }

        public void OnRequest(RequestLogEntry entry)
        {
            _cmdlet.Concurrency?.Observe(entry);
            _cmdlet.LastAttempt = entry;
            if (_debug)
            {
                // Its first line is the verbose line. Binary cmdlets under -Debug also ask before
                // each verbose line (PowerShell's rule), which would stop an unattended run.
                var detail = entry.ToDebugString();
                _dispatcher.Post(() => _cmdlet.WriteDebug(detail));
            }
            else if (_verbose)
            {
                var line = entry.ToString();
                _dispatcher.Post(() => _cmdlet.WriteVerbose(line));
            }

            if (entry.Warning != null)
            {
                var warning = entry.Warning;
                _dispatcher.Post(() => _cmdlet.WriteWarning(warning));
            }
        }
    }
}
