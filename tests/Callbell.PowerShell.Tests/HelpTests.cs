using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
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
        public void Every_cmdlet_has_a_synopsis_a_description_and_two_examples()
        {
            foreach (var cmdlet in _module.Cmdlets)
            {
                var doc = _module.Documentation.Descendants("member").SingleOrDefault(m => (string)m.Attribute("name")! == "T:" + cmdlet.Type.FullName);
                Assert.False(string.IsNullOrWhiteSpace(HelpGenerator.Synopsis(doc)), cmdlet.Name + " has no synopsis");
                Assert.False(string.IsNullOrWhiteSpace(HelpGenerator.Description(doc)), cmdlet.Name + " has no description");
                Assert.True(doc!.Elements("example").Count() >= 2, cmdlet.Name + " has fewer than two examples");
            }
        }

        [Fact]
        public void Examples_and_about_topics_pass_only_parameters_their_cmdlets_have()
        {
            var examples = _module.Documentation.Descendants("member").Elements("example").Select(e => e.Element("code")?.Value ?? string.Empty);
            var topics = Directory.GetFiles(Path.Combine(_module.RepoRoot, "src", "Callbell.PowerShell", "Module", "en-US"), "about_*.help.txt").Select(File.ReadAllText);
            var readme = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(_module.RepoRoot, "README.md")), "```powershell(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value);

            var unknown = examples.Concat(topics).Concat(readme).SelectMany(code => ExampleParameters.Unknown(code, _module.Cmdlets)).Distinct().ToList();

            Assert.True(unknown.Count == 0, "Parameters that do not exist: " + string.Join(", ", unknown));
        }

        [Fact]
        public void The_example_checker_finds_a_parameter_that_does_not_exist()
        {
            Assert.Equal(new[] { "Get-CallbellTemplate -Name" }, ExampleParameters.Unknown("Send-CallbellMessage -To 1 -TemplateUuid (Get-CallbellTemplate -Name 'x -Foo').Uuid | Get-CallbellContact -Uu 1 -ea 0", _module.Cmdlets));
        }

        [Fact]
        public void Every_cmdlet_links_its_family_and_the_about_topics_and_they_exist()
        {
            var topics = Directory.GetFiles(Path.Combine(_module.RepoRoot, "src", "Callbell.PowerShell", "Module", "en-US"), "about_*.help.txt")
                .Select(f => Path.GetFileName(f).Replace(".help.txt", string.Empty)).ToList();
            Assert.Equal(new[] { "about_CallbellPS", "about_CallbellPS_Csv", "about_CallbellPS_Errors", "about_CallbellPS_Journal", "about_CallbellPS_Paging", "about_CallbellPS_Runbooks", "about_CallbellPS_Webhooks" }, topics.OrderBy(t => t, StringComparer.Ordinal));
            var names = _module.Cmdlets.Select(c => c.Name).Concat(topics).ToList();
            foreach (var cmdlet in _module.Cmdlets)
            {
                var related = HelpGenerator.RelatedTo(cmdlet, _module.Cmdlets);
                Assert.Contains(related, r => r.StartsWith("about_CallbellPS", StringComparison.Ordinal));
                Assert.All(related, r => Assert.Contains(r, names));
            }

            Assert.Contains("Unregister-CallbellWebhook", HelpGenerator.RelatedTo(_module.Cmdlets.Single(c => c.Name == "Register-CallbellWebhook"), _module.Cmdlets));
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
        public void Each_cmdlet_has_its_own_online_page_in_the_repository_matching_the_code()
        {
            var folder = Path.Combine(_module.RepoRoot, "docs", "cmdlets");
            var update = Environment.GetEnvironmentVariable("CALLBELL_UPDATE_HELP") == "1";
            if (update)
            {
                Directory.CreateDirectory(folder);
                foreach (var stale in Directory.GetFiles(folder, "*.md"))
                {
                    File.Delete(stale);
                }
            }

            foreach (var cmdlet in _module.Cmdlets)
            {
                var path = Path.Combine(folder, cmdlet.Name + ".md");
                var page = HelpGenerator.Markdown(_module, cmdlet);
                if (update)
                {
                    File.WriteAllText(path, page);
                }

                Assert.True(File.Exists(path) && File.ReadAllText(path).Replace("\r\n", "\n") == page, cmdlet.Name + "'s page is missing or out of date: run CALLBELL_UPDATE_HELP=1 dotnet test tests/Callbell.PowerShell.Tests");
                Assert.Equal(HelpGenerator.OnlinePages + cmdlet.Name + ".md", HelpGenerator.OnlineHelp(cmdlet));
            }

            Assert.Equal(_module.Cmdlets.Count(), Directory.GetFiles(folder, "*.md").Length);
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
