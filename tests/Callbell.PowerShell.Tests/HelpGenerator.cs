using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Callbell.PowerShell.Tests
{
    /// <summary>
    /// Builds the module's MAML help (what Get-Help reads) from the cmdlets' metadata and their
    /// XML doc comments, in the XmlDoc2CmdletDoc convention: &lt;para type="synopsis"&gt;,
    /// &lt;para type="description"&gt;, &lt;example&gt;&lt;code/&gt;&lt;para/&gt;&lt;/example&gt;.
    /// </summary>
    public static class HelpGenerator
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static XDocument Generate(ModuleMetadata module)
        {
            var docs = module.Documentation.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m);
            var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
            foreach (var cmdlet in module.Cmdlets)
            {
                root.Add(CommandHelp(cmdlet, docs.TryGetValue("T:" + cmdlet.Type.FullName, out var doc) ? doc : null, docs, RelatedTo(cmdlet, module.Cmdlets)));
            }

            return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        }

        /// <summary>Where the repository keeps each cmdlet's page (docs/cmdlets/&lt;Name&gt;.md).</summary>
        public const string OnlinePages = "https://github.com/callbellps/CallbellPS/blob/main/docs/cmdlets/";

        /// <summary>The cmdlet's own page, which Get-Help -Online opens.</summary>
        public static string OnlineHelp(CmdletInfo cmdlet) => OnlinePages + cmdlet.Name + ".md";

        /// <summary>
        /// The cmdlet's page in the repository (docs/cmdlets/&lt;Name&gt;.md), from the same
        /// metadata and doc comments as its MAML help, so the two cannot disagree.
        /// </summary>
        public static string Markdown(ModuleMetadata module, CmdletInfo cmdlet)
        {
            var docs = module.Documentation.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m);
            var doc = docs.TryGetValue("T:" + cmdlet.Type.FullName, out var found) ? found : null;
            var parameters = cmdlet.Parameters().GroupBy(p => p.Name).ToList();
            var sets = parameters.SelectMany(g => g.Select(p => p.SetName)).Where(s => s != "__AllParameterSets").Distinct().DefaultIfEmpty("__AllParameterSets").ToList();
            var page = new System.Text.StringBuilder();
            page.Append("# ").Append(cmdlet.Name).Append("\n\n").Append(Synopsis(doc)).Append("\n\n## Syntax\n\n```\n");
            foreach (var set in sets)
            {
                var members = parameters.Select(g => g.FirstOrDefault(p => p.SetName == set) ?? g.FirstOrDefault(p => p.SetName == "__AllParameterSets")).Where(p => p != null && !p.Hidden)
                    .OrderBy(p => p!.Position < 0 ? int.MaxValue : p.Position);
                page.Append(cmdlet.Name);
                foreach (var p in members)
                {
                    var isSwitch = p!.Property.PropertyType.Name == "SwitchParameter";
                    var value = Nullable.GetUnderlyingType(p.Property.PropertyType)?.Name ?? p.Property.PropertyType.Name;
                    var text = "-" + p.Name + (isSwitch ? string.Empty : " <" + value + ">");
                    page.Append(' ').Append(p.Mandatory ? text : "[" + text + "]");
                }

                page.Append(" [<CommonParameters>]\n");
            }

            page.Append("```\n\n## Description\n\n").Append(Description(doc)).Append("\n\n## Examples\n");
            var examples = (doc?.Elements("example") ?? Enumerable.Empty<XElement>()).ToList();
            for (var i = 0; i < examples.Count; i++)
            {
                page.Append("\n### Example ").Append(i + 1).Append("\n\n```powershell\n").Append(Text(examples[i].Element("code"))).Append("\n```\n\n").Append(Text(examples[i].Element("para"))).Append('\n');
            }

            page.Append("\n## Parameters\n");
            foreach (var group in parameters.Where(g => !g.First().Hidden))
            {
                var p = group.First();
                var summary = Text(docs.TryGetValue(cmdlet.ParameterDocId(group.Key), out var d) ? d.Element("summary") : null) ?? string.Empty;
                var byValue = group.Any(x => x.FromPipeline);
                var byName = group.Any(x => x.FromPipelineByPropertyName);
                page.Append("\n### -").Append(group.Key).Append("\n\n").Append(summary).Append("\n\n")
                    .Append("| Type | Required | Position | Pipeline input | Aliases |\n|---|---|---|---|---|\n")
                    .Append("| ").Append(Nullable.GetUnderlyingType(p.Property.PropertyType)?.FullName ?? p.Property.PropertyType.FullName)
                    .Append(" | ").Append(group.Any(x => x.Mandatory) ? "yes" : "no")
                    .Append(" | ").Append(p.Position >= 0 ? p.Position.ToString() : "named")
                    .Append(" | ").Append(byValue && byName ? "by value, by property name" : byValue ? "by value" : byName ? "by property name" : "no")
                    .Append(" | ").Append(p.Aliases().Count > 0 ? string.Join(", ", p.Aliases()) : "none").Append(" |\n");
            }

            var outputs = cmdlet.OutputTypes().Where(t => t.FullName != "System.Void").Select(t => t.FullName).ToList();
            page.Append("\n## Outputs\n\n").Append(outputs.Count > 0 ? string.Join(", ", outputs) : "None").Append("\n\n## Related\n\n");
            foreach (var name in RelatedTo(cmdlet, module.Cmdlets))
            {
                page.Append(name.StartsWith("about_", StringComparison.Ordinal) ? "- " + name + " (Get-Help " + name + ")\n" : "- [" + name + "](" + name + ".md)\n");
            }

            return page.ToString();
        }

        public static string? Synopsis(XElement? doc) => Para(doc, "synopsis");

        /// <summary>The cmdlets of the same family (its Cmdlets/&lt;Area&gt; folder), then the about topic that fits.</summary>
        public static IReadOnlyList<string> RelatedTo(CmdletInfo cmdlet, IEnumerable<CmdletInfo> all)
        {
            var family = all.Where(c => c.Type.Namespace == cmdlet.Type.Namespace && c.Name != cmdlet.Name).Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal);
            var area = cmdlet.Type.Namespace!.Substring(cmdlet.Type.Namespace.LastIndexOf('.') + 1);
            var topic = area == "Webhooks" ? "about_CallbellPS_Webhooks" : area == "Connection" ? "about_CallbellPS_Runbooks" : "about_CallbellPS";
            return family.Concat(new[] { topic, "about_CallbellPS_Errors" }).Distinct().ToList();
        }

        public static string? Description(XElement? doc) => Para(doc, "description");

        private static XElement CommandHelp(CmdletInfo cmdlet, XElement? doc, IDictionary<string, XElement> docs, IReadOnlyList<string> related)
        {
            var parameters = cmdlet.Parameters().GroupBy(p => p.Name).ToList();
            var sets = parameters.SelectMany(g => g.Select(p => p.SetName)).Where(s => s != "__AllParameterSets").Distinct().DefaultIfEmpty("__AllParameterSets").ToList();
            string ParameterDoc(string name) => Text(docs.TryGetValue(cmdlet.ParameterDocId(name), out var d) ? d.Element("summary") : null) ?? string.Empty;

            return new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XElement(Command + "details",
                    new XElement(Command + "name", cmdlet.Name),
                    new XElement(Command + "verb", cmdlet.Verb),
                    new XElement(Command + "noun", cmdlet.Noun),
                    new XElement(Maml + "description", new XElement(Maml + "para", Synopsis(doc) ?? string.Empty))),
                new XElement(Maml + "description", new XElement(Maml + "para", Description(doc) ?? string.Empty)),
                new XElement(Command + "syntax", sets.Select(set =>
                    new XElement(Command + "syntaxItem",
                        new XElement(Maml + "name", cmdlet.Name),
                        parameters.Select(g => g.FirstOrDefault(p => p.SetName == set) ?? g.FirstOrDefault(p => p.SetName == "__AllParameterSets"))
                            .Where(p => p != null)
                            .OrderBy(p => p!.Position < 0 ? int.MaxValue : p.Position)
                            .Select(p => Parameter(p!, null))))),
                new XElement(Command + "parameters", parameters.Select(g => Parameter(g.First(), ParameterDoc(g.Key), g.Any(p => p.Mandatory), g.Any(p => p.FromPipeline), g.Any(p => p.FromPipelineByPropertyName)))),
                new XElement(Command + "returnValues", cmdlet.OutputTypes().Where(t => t.FullName != "System.Void").Select(t =>
                    new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t.FullName))))),
                new XElement(Command + "examples", (doc?.Elements("example") ?? Enumerable.Empty<XElement>()).Select((example, i) =>
                    new XElement(Command + "example",
                        new XElement(Maml + "title", "-------------------------- Example " + (i + 1) + " --------------------------"),
                        new XElement(Dev + "code", Text(example.Element("code"))),
                        new XElement(Dev + "remarks", new XElement(Maml + "para", Text(example.Element("para"))))))),
                new XElement(Maml + "relatedLinks",
                    new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", "Online version:"), new XElement(Maml + "uri", OnlineHelp(cmdlet))),
                    related.Select(name => new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", name), new XElement(Maml + "uri")))));
        }

        private static XElement Parameter(ParameterInfo parameter, string? description, bool? mandatory = null, bool? byValue = null, bool? byName = null)
        {
            var isSwitch = parameter.Property.PropertyType.Name == "SwitchParameter";
            var value = parameter.Property.PropertyType;
            var valueName = Nullable.GetUnderlyingType(value)?.Name ?? value.Name;
            var fromValue = byValue ?? parameter.FromPipeline;
            var fromName = byName ?? parameter.FromPipelineByPropertyName;
            var pipeline = fromValue && fromName ? "True (ByPropertyName, ByValue)" : fromValue ? "True (ByValue)" : fromName ? "True (ByPropertyName)" : "False";
            var element = new XElement(Command + "parameter",
                new XAttribute("required", (mandatory ?? parameter.Mandatory) ? "true" : "false"),
                new XAttribute("position", parameter.Position >= 0 ? parameter.Position.ToString() : "named"),
                new XAttribute("pipelineInput", pipeline),
                new XAttribute("globbing", "false"),
                new XAttribute("variableLength", value.IsArray ? "true" : "false"),
                new XAttribute("aliases", parameter.Aliases().Count > 0 ? string.Join(", ", parameter.Aliases()) : "none"),
                new XElement(Maml + "name", parameter.Name));
            if (description != null)
            {
                element.Add(new XElement(Maml + "description", new XElement(Maml + "para", description)));
            }

            if (!isSwitch)
            {
                element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), valueName));
            }

            if (description != null)
            {
                element.Add(new XElement(Dev + "type", new XElement(Maml + "name", Nullable.GetUnderlyingType(value)?.FullName ?? value.FullName)));
                element.Add(new XElement(Dev + "defaultValue", DefaultOf(description, isSwitch)));
            }

            return element;
        }

        /// <summary>What the description says after "Default:", else None (or False for a switch).</summary>
        public static string DefaultOf(string description, bool isSwitch)
        {
            var match = Regex.Match(description, @"Default:?\s+(.+?)(?:\.\s|\.$|$)");
            return match.Success ? match.Groups[1].Value.Trim() : isSwitch ? "False" : "None";
        }

        private static string? Para(XElement? doc, string type) =>
            Text(doc?.Element("summary")?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == type));

        private static string? Text(XElement? element) =>
            element is null ? null : Regex.Replace(string.Concat(element.Nodes().Select(n => n is XElement e ? (string?)e.Attribute("cref")?.Value.Substring(2) ?? e.Value : n.ToString())), @"\s+", " ").Trim().Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
    }
}
