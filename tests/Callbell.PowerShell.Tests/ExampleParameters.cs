using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Callbell.PowerShell.Tests
{
    /// <summary>
    /// Finds the parameters an example passes to the module's cmdlets, and those a cmdlet does not
    /// have (by name, alias, unique prefix or common parameter). Good enough for help text: quoted
    /// strings are blanked first, and a command's arguments end at a pipe, a semicolon, a bracket
    /// or a line break.
    /// </summary>
    public static class ExampleParameters
    {
        private static readonly ISet<string> Common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "WarningAction", "wa", "InformationAction", "infa", "ProgressAction", "proga",
            "ErrorVariable", "ev", "WarningVariable", "wv", "InformationVariable", "iv", "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv",
            "WhatIf", "wi", "Confirm", "cf",
        };

        /// <summary>"Cmdlet -Parameter" for each parameter in <paramref name="code"/> its cmdlet does not take.</summary>
        public static IEnumerable<string> Unknown(string code, IReadOnlyList<CmdletInfo> cmdlets)
        {
            var byName = cmdlets.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            var blanked = Regex.Replace(code, @"'[^']*'|""[^""]*""", "''");
            foreach (var segment in Regex.Split(blanked, @"[|;(){}\r\n]"))
            {
                var tokens = segment.Split(new[] { ' ', '\t', '`' }, StringSplitOptions.RemoveEmptyEntries);
                var start = Array.FindIndex(tokens, t => byName.ContainsKey(t));
                if (start < 0)
                {
                    continue;
                }

                var cmdlet = byName[tokens[start]];
                var names = Names(cmdlet);
                foreach (var token in tokens.Skip(start + 1))
                {
                    var match = Regex.Match(token, @"^-([A-Za-z][A-Za-z0-9-]*)(:.*)?$");
                    if (!match.Success)
                    {
                        continue;
                    }

                    var name = match.Groups[1].Value;
                    var known = Common.Contains(name) || names.Contains(name) || names.Count(n => n.StartsWith(name, StringComparison.OrdinalIgnoreCase)) == 1;
                    if (!known)
                    {
                        yield return cmdlet.Name + " -" + name;
                    }
                }
            }
        }

        private static ISet<string> Names(CmdletInfo cmdlet)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in cmdlet.Parameters())
            {
                names.Add(parameter.Name);
                names.UnionWith(parameter.Aliases());
            }

            return names;
        }
    }
}
