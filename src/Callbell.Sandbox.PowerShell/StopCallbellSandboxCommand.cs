using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;
using Callbell.Sandbox;

namespace Callbell.Sandbox.PowerShell
{
    /// <summary>
    /// <para type="synopsis">Stops Callbell sandboxes started in this process.</para>
    /// <para type="description">Stops the sandboxes given (or piped), or every one started with Start-CallbellSandbox. A session connected to a stopped sandbox is disconnected.</para>
    /// </summary>
    /// <example>
    ///   <code>Stop-CallbellSandbox</code>
    ///   <para>Stops every sandbox started in this process.</para>
    /// </example>
    /// <example>
    ///   <code>$slow = Start-CallbellSandbox -LatencyMs 200 -NoConnect; $slow | Stop-CallbellSandbox</code>
    ///   <para>Stops one sandbox, piped, and leaves the others running.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "CallbellSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StopCallbellSandboxCommand : CallbellCmdlet
    {
        /// <summary>The sandboxes to stop, as Start-CallbellSandbox returned them. Default: all.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public SandboxServer[]? InputObject { get; set; }

        protected override void ProcessItem()
        {
            foreach (var server in InputObject ?? RunningSandboxes.All())
            {
                if (!ShouldProcess(server.BaseUri.AbsoluteUri, "Stop the Callbell sandbox"))
                {
                    continue;
                }

                server.Dispose();
                RunningSandboxes.Remove(server);
                SessionConnections.Scope.DisconnectFrom(server.BaseUri);

                WriteVerbose("Stopped the sandbox at " + server.BaseUri.AbsoluteUri + ".");
            }
        }
    }
}
