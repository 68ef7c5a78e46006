using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Callbell.PowerShell.Tests
{
    /// <summary>
    /// Get-Help reads Module/en-US/Callbell.PowerShell.dll-Help.xml, generated from the code.
    /// When a cmdlet changes, regenerate it: CALLBELL_UPDATE_HELP=1 dotnet test tests/Callbell.PowerShell.Tests
    /// </summary>
    public sealed class HelpTests : IClassFixture<ModuleMetadata>
    {
        private readonly ModuleMetadata _module;

        public HelpTests(ModuleMetadata module)
        {
            _module = module;
        }

        private string HelpPath => Path.Combine(_module.RepoRoot, "src", "Callbell.PowerShell", "Module", "en-US", "Callbell.PowerShell.dll-Help.xml");

        [Fact]
        public void Every_cmdlet_has_a_synopsis_a_description_and_an_example()
        {
            foreach (var cmdlet in _module.Cmdlets)
            {
                var doc = _module.Documentation.Descendants("member").SingleOrDefault(m => (string)m.Attribute("name")! == "T:" + cmdlet.Type.FullName);
                Assert.False(string.IsNullOrWhiteSpace(HelpGenerator.Synopsis(doc)), cmdlet.Name + " has no synopsis");
                Assert.False(string.IsNullOrWhiteSpace(HelpGenerator.Description(doc)), cmdlet.Name + " has no description");
                Assert.True(doc!.Elements("example").Any(), cmdlet.Name + " has no example");
            }
        }

        [Fact]
        public void Every_parameter_is_described()
        {
            foreach (var cmdlet in _module.Cmdlets)
            {
                foreach (var name in cmdlet.Parameters().Select(p => p.Name).Distinct())
                {
                    var doc = _module.Documentation.Descendants("member").SingleOrDefault(m => (string)m.Attribute("name")! == cmdlet.ParameterDocId(name));
                    Assert.False(string.IsNullOrWhiteSpace(doc?.Element("summary")?.Value), cmdlet.Name + " -" + name + " has no description");
                }
            }
        }

        [Fact]
        public void The_help_file_matches_the_code()
        {
            var help = HelpGenerator.Generate(_module);
            var generated = (help.Declaration + "\n" + help.Root).Replace("\r\n", "\n");
            if (Environment.GetEnvironmentVariable("CALLBELL_UPDATE_HELP") == "1")
            {
                File.WriteAllText(HelpPath, generated);
            }

            Assert.True(File.Exists(HelpPath), "No help file: run CALLBELL_UPDATE_HELP=1 dotnet test tests/Callbell.PowerShell.Tests");
            Assert.True(generated == File.ReadAllText(HelpPath).Replace("\r\n", "\n"), "The help file is out of date: run CALLBELL_UPDATE_HELP=1 dotnet test tests/Callbell.PowerShell.Tests");
        }

        [Fact]
        public void The_laid_out_module_carries_the_help_for_both_editions()
        {
            foreach (var framework in new[] { "net8.0", "netstandard2.0" })
            {
                Assert.True(File.Exists(Path.Combine(_module.ModuleFolder, framework, "en-US", "Callbell.PowerShell.dll-Help.xml")), framework + " has no help");
            }
        }
    }
}
