using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Callbell.PowerShell.Tests
{
    /// <summary>
    /// The built module read as metadata: its cmdlet types, their attributes and the files laid
    /// out beside them. One instance per test class (an xunit fixture).
    /// </summary>
    public sealed class ModuleMetadata : IDisposable
    {
        private readonly MetadataLoadContext _context;

        public ModuleMetadata()
        {
            ModuleFolder = Setting("ModuleFolder");
            Documentation = System.Xml.Linq.XDocument.Load(Setting("ModuleDocumentation"));
            Documentation.Root!.Element("members")!.Add(System.Xml.Linq.XDocument.Load(Setting("SandboxDocumentation")).Root!.Element("members")!.Elements());
            RepoRoot = Setting("RepoRoot");
            var reference = Setting("PowerShellReference");
            Binaries = Path.Combine(ModuleFolder, "net8.0");
            var runtime = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll");
            var module = Directory.GetFiles(Binaries, "*.dll");
            _context = new MetadataLoadContext(new PathAssemblyResolver(runtime.Concat(module).Append(reference)));
            Assembly = _context.LoadFromAssemblyPath(Path.Combine(Binaries, "Callbell.PowerShell.dll"));
            SandboxAssembly = _context.LoadFromAssemblyPath(Path.Combine(Binaries, "Callbell.Sandbox.PowerShell.dll"));
            Automation = _context.LoadFromAssemblyPath(reference);
            Cmdlets = Assembly.GetTypes().Concat(SandboxAssembly.GetTypes())
                .Select(t => new CmdletInfo(t, t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CmdletAttribute")))
                .Where(c => c.Attribute != null && !c.Type.IsAbstract)
                .OrderBy(c => c.Name)
                .ToList();
        }

        public string ModuleFolder { get; }

        /// <summary>The module's XML documentation file: the cmdlets' help text.</summary>
        public System.Xml.Linq.XDocument Documentation { get; }

        public string RepoRoot { get; }

        public string Binaries { get; }

        public Assembly Assembly { get; }

        /// <summary>The emulator's cmdlets, which Callbell.psm1 loads on first use.</summary>
        public Assembly SandboxAssembly { get; }

        public Assembly Automation { get; }

        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        /// <summary>Every approved verb, read from the Verbs* classes of System.Management.Automation.</summary>
        public ISet<string> ApprovedVerbs() => new HashSet<string>(
            new[] { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsOther", "VerbsSecurity" }
                .SelectMany(name => Automation.GetType("System.Management.Automation." + name)!.GetFields())
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!),
            StringComparer.Ordinal);

        /// <summary>The names in the manifest's CmdletsToExport (or another export list).</summary>
        public IReadOnlyList<string> ManifestCmdlets(string manifestPath, string list = "CmdletsToExport")
        {
            var text = File.ReadAllText(manifestPath);
            var block = Regex.Match(text, list + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline);
            if (!block.Success)
            {
                throw new InvalidDataException(list + " = @( … ) not found in " + manifestPath);
            }

            return Regex.Matches(block.Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
        }

        /// <summary>Another assembly of the module folder, read as metadata.</summary>
        public Assembly LoadFromModule(string fileName) => _context.LoadFromAssemblyPath(Path.Combine(Binaries, fileName));

        public void Dispose() => _context.Dispose();

        private static string Setting(string key) =>
            typeof(ModuleMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }

    public sealed class CmdletInfo
    {
        public CmdletInfo(Type type, CustomAttributeData? attribute)
        {
            Type = type;
            Attribute = attribute;
            if (attribute != null)
            {
                Verb = (string)attribute.ConstructorArguments[0].Value!;
                Noun = (string)attribute.ConstructorArguments[1].Value!;
            }
        }

        public Type Type { get; }

        public CustomAttributeData? Attribute { get; }

        public string Verb { get; } = string.Empty;

        public string Noun { get; } = string.Empty;

        public string Name => Verb + "-" + Noun;

        public T? Named<T>(string name) =>
            Attribute!.NamedArguments.Where(a => a.MemberName == name).Select(a => (T?)a.TypedValue.Value).FirstOrDefault();

        /// <summary>The XML doc id of a parameter, on the class that declares it (list parameters live on the base).</summary>
        public string ParameterDocId(string name) => "P:" + Type.GetProperty(name)!.DeclaringType!.FullName + "." + name;

        public IEnumerable<ParameterInfo> Parameters() => Type.GetProperties()
            .SelectMany(p => p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").Select(a => new ParameterInfo(p, a)));

        public IEnumerable<Type> OutputTypes() => Type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (Type)m.Value!) : new[] { (Type)arg.Value! });

        public override string ToString() => Name;
    }

    /// <summary>One [Parameter] attribute on one property (a property may have one per parameter set).</summary>
    public sealed class ParameterInfo
    {
        public ParameterInfo(PropertyInfo property, CustomAttributeData attribute)
        {
            Property = property;
            Attribute = attribute;
        }

        public PropertyInfo Property { get; }

        public CustomAttributeData Attribute { get; }

        public string Name => Property.Name;

        public string SetName => Named<string>("ParameterSetName") ?? "__AllParameterSets";

        public int Position => Attribute.NamedArguments.Where(a => a.MemberName == "Position").Select(a => (int)a.TypedValue.Value!).DefaultIfEmpty(int.MinValue).First();

        public bool Mandatory => Named<bool>("Mandatory");

        public bool FromPipeline => Named<bool>("ValueFromPipeline");

        public bool FromPipelineByPropertyName => Named<bool>("ValueFromPipelineByPropertyName");

        /// <summary>[Parameter(DontShow = true)]: bound, but not offered to a person.</summary>
        public bool Hidden => Named<bool>("DontShow");

        public bool HasAttribute(string name) => Property.GetCustomAttributesData().Any(a => a.AttributeType.Name == name);

        public CustomAttributeData? AttributeNamed(string name) => Property.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

        /// <summary>The names of its [Alias] attribute.</summary>
        public IReadOnlyList<string> Aliases() =>
            AttributeNamed("AliasAttribute")?.ConstructorArguments
                .SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : new[] { (string)a.Value! })
                .ToList() ?? new List<string>();

        private T? Named<T>(string name) =>
            Attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => (T?)a.TypedValue.Value).FirstOrDefault();
    }
}
