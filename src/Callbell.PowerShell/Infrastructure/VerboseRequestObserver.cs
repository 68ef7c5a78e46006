using System.Management.Automation;
using Callbell.Http;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>Turns each request attempt into a -Verbose line, written on the pipeline thread.</summary>
    internal sealed class VerboseRequestObserver : IRequestObserver
    {
        private readonly PSCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public VerboseRequestObserver(PSCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
        }

        public void OnRequest(RequestLogEntry entry)
        {
            var line = entry.ToString();
            _dispatcher.Post(() => _cmdlet.WriteVerbose(line));
        }
    }
}
