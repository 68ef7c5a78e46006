using System;
using System.Diagnostics;
using System.IO;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;

namespace Callbell.Benchmarks
{
    /// <summary>
    /// Streams -All in a child process and samples its own peak heap and working set, so neither
    /// the in-process sandbox nor earlier runs inflate the numbers.
    /// </summary>
    internal static class MemoryProbe
    {
        public static async Task<(long Items, long PeakHeap, long PeakWorkingSet, double Seconds)> MeasureAsync(SandboxServer sandbox, bool naive)
        {
            var self = Environment.ProcessPath!;
            var arguments = (naive ? "--naive-client " : "--memory-client ") + sandbox.BaseUri.AbsoluteUri + " " + sandbox.Token;
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                arguments = "\"" + typeof(MemoryProbe).Assembly.Location + "\" " + arguments;
            }

            var start = new ProcessStartInfo(self, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
            using var child = Process.Start(start)!;
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            var parts = output.Trim().Split(' ');
            if (child.ExitCode != 0 || parts.Length != 5 || parts[0] != "PEAK")
            {
                throw new InvalidOperationException("The memory client failed: " + output);
            }

            return (long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[4], CultureInfo.InvariantCulture));
        }

        public static async Task<int> RunClientAsync(Uri baseUri, string token, bool naive)
        {
            var client = new CallbellClient(new CallbellConnection(new CallbellConnectionOptions { BaseUri = baseUri, Token = ApiToken.Parse(token), RequestsPerSecond = 10_000 }));
            long peakHeap = 0, peakWorkingSet = 0, items = 0;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var self = Process.GetCurrentProcess();
                while (!done.IsCancellationRequested)
                {
                    self.Refresh();
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                    await Task.Delay(5);
                }
            });
            var clock = Stopwatch.StartNew();
            if (naive)
            {
                items = await Baselines.NaiveAsync(baseUri, token);
            }
            else
            {
                await foreach (var contact in client.Contacts.ListAllAsync(new ContactQuery()))
                {
                    items++;
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            done.Cancel();
            await sampler;
            Console.WriteLine(string.Join(" ", "PEAK", peakHeap, peakWorkingSet, items, seconds.ToString("0.000", CultureInfo.InvariantCulture)));
            return 0;
        }
    }
}
