using System;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http
{
    /// <summary>
    /// Runs an action once, right before the first request of the current async flow leaves
    /// (after its wait for the rate budget), and holds the request until it has completed: a bulk
    /// journal marks an item "started", on disk, only when its request is really about to reach
    /// the server, so an item still queued when the process dies counts as never tried, not as
    /// unknown, and one that left is never forgotten.
    /// </summary>
    internal static class SendHook
    {
        private static readonly AsyncLocal<Func<Task>?> Current = new AsyncLocal<Func<Task>?>();

        /// <summary>Sets <paramref name="beforeFirstSend"/> for the flow this is called in (and the calls it awaits).</summary>
        public static void Set(Func<Task> beforeFirstSend)
        {
            var once = 0;
            Current.Value = () => Interlocked.Exchange(ref once, 1) == 0 ? beforeFirstSend() : Task.CompletedTask;
        }

        public static Task SendingAsync() => Current.Value?.Invoke() ?? Task.CompletedTask;
    }
}
