using System.Collections.Generic;

namespace Callbell.PowerShell.Completers
{
    /// <summary>
    /// A completer for an open set (the API may add values, so no ValidateSet) that knows the
    /// values documented today: a bound value that matches one of them, in any casing, takes its
    /// spelling (see Infrastructure/BoundValues); any other value goes as typed.
    /// </summary>
    internal interface IKnownValues
    {
        IReadOnlyList<string> Known { get; }
    }
}
