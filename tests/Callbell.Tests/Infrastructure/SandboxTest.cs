using System;
using System.Threading.Tasks;
using Callbell.Sandbox;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>
    /// A fresh sandbox per test (starting one is a socket bind) and a connection to it with short
    /// retry waits, so fault tests stay fast while exercising the real retry loop.
    /// </summary>
    public abstract class SandboxTest : IDisposable
    {
        protected SandboxTest(int contacts = 120, int pageSize = 50)
        {
            Sandbox = SandboxServer.Start(new SandboxOptions { Contacts = contacts, PageSize = pageSize });
        }

        protected SandboxServer Sandbox { get; }

        protected CallbellConnection Connect(Action<CallbellConnectionOptions>? configure = null) => SandboxConnections.Connect(Sandbox, configure);

        protected CallbellClient Client(Action<CallbellConnectionOptions>? configure = null, RecordingObserver? observer = null) =>
            new CallbellClient(Connect(configure), observer);

        public void Dispose()
        {
            Sandbox.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
