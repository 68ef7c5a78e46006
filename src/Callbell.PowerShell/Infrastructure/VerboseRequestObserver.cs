using Callbell.Http;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns each request attempt into a -Verbose line (and a warning when it carries one),
    /// written on the pipeline thread, and tells the command's concurrency how it went.
    /// </summary>
    internal sealed class VerboseRequestObserver : IRequestObserver
    {
        private readonly CallbellCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public VerboseRequestObserver(CallbellCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
        }

        public void OnRequest(RequestLogEntry entry)
        {
            _cmdlet.Concurrency?.Observe(entry);
            var line = entry.ToString();
            _dispatcher.Post(() => _cmdlet.WriteVerbose(line));
            if (entry.Warning != null)
            {
                var warning = entry.Warning;
                _dispatcher.Post(() => _cmdlet.WriteWarning(warning));
            }
        }
    }
}
