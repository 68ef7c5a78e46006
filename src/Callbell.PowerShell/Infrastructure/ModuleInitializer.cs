#if !NET8_0_OR_GREATER
using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 has no binding redirects for modules: when System.Text.Json asks
    /// for, say, System.Memory 4.0.1.2 and the folder holds 4.0.1.1, loading fails. This resolver
    /// answers such requests with the copy shipped beside the module, whatever its version, but
    /// only when one of the module's own assemblies asked: other modules' binds are theirs.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args) =>
            IsOwn(args.RequestingAssembly) ? Load(Folder, args.Name) : null;

        internal static bool IsOwn(Assembly? requester)
        {
            if (requester is null || requester.IsDynamic || string.IsNullOrEmpty(requester.Location))
            {
                return false;
            }

            return string.Equals(Path.GetDirectoryName(requester.Location), Folder, StringComparison.OrdinalIgnoreCase);
        }

        internal static Assembly? Load(string folder, string requested)
        {
            var name = new AssemblyName(requested).Name;
            var path = Path.Combine(folder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
#endif
