using System;
using System.Threading.Tasks;
using Callbell.Sandbox;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>Connections to a sandbox with short retry waits, so fault tests exercise the real retry loop quickly.</summary>
    public static class SandboxConnections
    {
        public static CallbellConnection Connect(SandboxServer sandbox, Action<CallbellConnectionOptions>? configure = null)
        {
            var options = new CallbellConnectionOptions
            {
                BaseUri = sandbox.BaseUri,
                Token = ApiToken.Parse(sandbox.Token),
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RetryMaxDelay = TimeSpan.FromMilliseconds(200),
                Timeout = TimeSpan.FromSeconds(20),
            };
            configure?.Invoke(options);
            return new CallbellConnection(options);
        }

        public static async Task<System.Collections.Generic.List<T>> ToListAsync<T>(this System.Collections.Generic.IAsyncEnumerable<T> items)
        {
            var list = new System.Collections.Generic.List<T>();
            await foreach (var item in items)
            {
                list.Add(item);
            }

            return list;
        }
    }
}
