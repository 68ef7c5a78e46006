using System;
using System.Threading;

namespace Callbell.Http
{
    /// <summary>
    /// Which session (a PowerShell runspace) the requests of the current async flow belong to, so
    /// that the request log shows each session its own: set on the command's thread, it flows to
    /// the thread-pool work the command starts.
    /// </summary>
    internal static class RequestSession
    {
        private static readonly AsyncLocal<Guid?> CurrentSession = new AsyncLocal<Guid?>();

        public static Guid? Current
        {
            get => CurrentSession.Value;
            set => CurrentSession.Value = value;
        }
    }
}
