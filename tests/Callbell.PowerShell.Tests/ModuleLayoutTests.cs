using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Callbell.PowerShell.Tests
{
    /// <summary>The module folder the build lays out, and the manifest and format file in it.</summary>
    public sealed class ModuleLayoutTests : IClassFixture<ModuleMetadata>
    {
        private readonly ModuleMetadata _module;

        public ModuleLayoutTests(ModuleMetadata module)
        {
            _module = module;
        }

        [Fact]
        public void The_build_lays_out_an_importable_module_for_both_editions()
        {
            var root = _module.ModuleFolder;
            foreach (var file in new[] { "Callbell.psd1", "Callbell.psm1", "Callbell.Format.ps1xml", "Callbell.Types.ps1xml" })
            {
                Assert.True(File.Exists(Path.Combine(root, file)), file + " missing from " + root);
            }

            foreach (var framework in new[] { "net8.0", "netstandard2.0" })
            {
                foreach (var dll in new[] { "Callbell.PowerShell.dll", "Callbell.dll", "Callbell.Sandbox.PowerShell.dll", "Callbell.Sandbox.dll" })
                {
                    Assert.True(File.Exists(Path.Combine(root, framework, dll)), framework + "/" + dll + " missing");
                }
            }

            // Windows PowerShell gets its own System.Text.Json; PowerShell 7 must use its own copy, never ours.
            Assert.True(File.Exists(Path.Combine(root, "netstandard2.0", "System.Text.Json.dll")));
            Assert.False(File.Exists(Path.Combine(root, "net8.0", "System.Text.Json.dll")));
            Assert.False(File.Exists(Path.Combine(root, "net8.0", "System.Management.Automation.dll")));
            Assert.False(File.Exists(Path.Combine(root, "netstandard2.0", "System.Management.Automation.dll")));
        }

        [Fact]
        public void The_shipped_symbols_name_no_path_of_the_machine_that_built_them()
        {
            foreach (var pdb in Directory.GetFiles(_module.ModuleFolder, "*.pdb", SearchOption.AllDirectories))
            {
                using var stream = File.OpenRead(pdb);
                using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(stream);
                var reader = provider.GetMetadataReader();
                var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
                Assert.NotEmpty(documents);
                Assert.All(documents, name => Assert.StartsWith("/_/src/", name));
            }
        }

        [Fact]
        public void The_production_module_references_no_emulator_code()
        {
            var references = new[] { _module.Assembly }.Concat(new[] { "Callbell.dll" }.Select(f => _module.LoadFromModule(f)))
                .SelectMany(a => a.GetReferencedAssemblies().Select(r => a.GetName().Name + " -> " + r.Name));

            Assert.DoesNotContain(references, r => r.EndsWith("-> Callbell.Sandbox", System.StringComparison.Ordinal) || r.EndsWith("-> Callbell.Sandbox.PowerShell", System.StringComparison.Ordinal));
            Assert.DoesNotContain(_module.Assembly.GetTypes(), t => t.Namespace != null && t.Namespace.Contains("Sandbox", System.StringComparison.Ordinal));
        }

        [Fact]
        public void The_manifest_exports_exactly_the_cmdlets_in_the_assembly_and_the_emulators_two_commands_as_functions()
        {
            var manifest = Path.Combine(_module.RepoRoot, "Callbell.psd1");
            var exported = _module.ManifestCmdlets(manifest);
            var sandbox = _module.Cmdlets.Where(c => c.Type.Assembly == _module.SandboxAssembly).Select(c => c.Name).OrderBy(n => n);

            Assert.Equal(_module.Cmdlets.Where(c => c.Type.Assembly == _module.Assembly).Select(c => c.Name).OrderBy(n => n), exported.OrderBy(n => n));
            Assert.Equal(sandbox, _module.ManifestCmdlets(manifest, "FunctionsToExport").OrderBy(n => n));
            Assert.Equal(File.ReadAllText(Path.Combine(_module.RepoRoot, "Callbell.psd1")), File.ReadAllText(Path.Combine(_module.ModuleFolder, "Callbell.psd1")));
        }

        [Fact]
        public void The_manifest_has_what_a_gallery_publish_needs()
        {
            var manifest = File.ReadAllText(Path.Combine(_module.RepoRoot, "Callbell.psd1"));

            foreach (var key in new[] { "ModuleVersion", "GUID", "Author", "Description", "CompatiblePSEditions", "PowerShellVersion", "Tags", "ProjectUri", "LicenseUri", "RootModule", "FormatsToProcess", "TypesToProcess" })
            {
                Assert.Matches(@"(?m)^\s*" + key + @"\s*=", manifest);
            }

            Assert.DoesNotMatch(@"(Cmdlets|Functions|Aliases)ToExport\s*=\s*'\*'", manifest);
            Assert.Contains("'" + typeof(ModuleLayoutTests).Assembly.GetName().Version!.ToString(3) + "'", manifest);
        }

        [Fact]
        public void Every_output_type_has_a_default_view()
        {
            var format = XDocument.Load(Path.Combine(_module.ModuleFolder, "Callbell.Format.ps1xml"));
            var viewed = format.Descendants("TypeName").Select(t => t.Value).ToHashSet();

            // PowerShell's own types (void, string, PSObject) format themselves.
            var outputs = _module.Cmdlets.SelectMany(c => c.OutputTypes()).Where(t => !t.FullName!.StartsWith("System.", System.StringComparison.Ordinal)).Select(t => t.FullName!).Distinct();

            Assert.All(outputs, type => Assert.True(viewed.Contains(type), type + " has no view in Callbell.Format.ps1xml"));
        }

        [Fact]
        public void The_contact_table_shows_what_a_person_wants_at_a_glance()
        {
            var format = XDocument.Load(Path.Combine(_module.ModuleFolder, "Callbell.Format.ps1xml"));
            var view = format.Descendants("View").Single(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value == "Callbell.Contact");

            var labels = view.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value);

            Assert.Equal(new[] { "Name", "PhoneNumber", "Source", "Tags", "AssignedUser", "CreatedAt" }, labels);
        }
    }
}
