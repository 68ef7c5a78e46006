using System;
using System.Threading;

namespace Callbell.Http
{
    /// <summary>
    /// Runs an action once, right before the first request of the current async flow leaves
    /// (after its wait for the rate budget): a bulk journal marks an item "started" only when
    /// its request is really about to reach the server, so an item still queued when the process
    /// dies counts as never tried, not as unknown.
    /// </summary>
    internal static class SendHook
    {
        private static readonly AsyncLocal<Action?> Current = new AsyncLocal<Action?>();

        /// <summary>Sets <paramref name="beforeFirstSend"/> for the flow this is called in (and the calls it awaits).</summary>
        public static void Set(Action beforeFirstSend)
        {
            var once = 0;
            Current.Value = () =>
            {
                if (Interlocked.Exchange(ref once, 1) == 0)
                {
                    beforeFirstSend();
                }
            };
        }

        public static void Sending() => Current.Value?.Invoke();
    }
}
