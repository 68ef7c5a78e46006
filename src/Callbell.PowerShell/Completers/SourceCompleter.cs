using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Callbell.PowerShell.Completers
{
    /// <summary>
    /// Completes channel sources. A completer rather than ValidateSet: the API may add sources,
    /// and the module must not refuse one it does not know yet.
    /// </summary>
    public sealed class SourceCompleter : IArgumentCompleter, IKnownValues
    {
        internal static readonly string[] Sources = { "whatsapp", "instagram", "facebook", "telegram" };

        IReadOnlyList<string> IKnownValues.Known => Sources;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Sources
                .Where(s => s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s));
        }
    }
}
