using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>
    /// The tests' accounts (a fresh sandbox token each) keep their pace files in a folder of this
    /// test run, removed when it ends, not in the user's temp folder.
    /// </summary>
    internal static class BudgetDirectory
    {
        public static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callbell-tests-budget-" + Environment.ProcessId);

#pragma warning disable CA2255 // a module initializer is the one place that runs before any test
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void Use()
        {
            Environment.SetEnvironmentVariable("CALLBELL_BUDGET_DIR", Path);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(Path, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            };
        }
    }
}
