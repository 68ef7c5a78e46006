using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Completers
{
    /// <summary>
    /// Completes the documented webhook event names. A completer rather than ValidateSet: the API
    /// adds events, and an unknown name is a warning, not a refusal.
    /// </summary>
    public sealed class WebhookEventCompleter : IArgumentCompleter, IKnownValues
    {
        IReadOnlyList<string> IKnownValues.Known => InboundEventReader.DocumentedEvents;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return InboundEventReader.DocumentedEvents
                .Where(name => name.IndexOf(prefix, StringComparison.OrdinalIgnoreCase) >= 0)
                .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
        }
    }
}
