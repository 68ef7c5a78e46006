using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet that changes something: -Force, and <see cref="Change{T}"/>, which asks
    /// ShouldProcess on the pipeline thread before the request starts, turns a failure into a
    /// non-terminating error for that item, and writes the result with -PassThru. A change cmdlet
    /// is then a parameter block and one call.
    /// </summary>
    public abstract class CallbellChangeCmdlet : CallbellCmdlet
    {
        /// <summary>Skips the confirmation prompt. -WhatIf still only says what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Sends one change. <paramref name="target"/> names the object as a person reads it
        /// ("team 'Support' (9f3c…)"); <paramref name="action"/> says what happens to it.
        /// </summary>
        protected void Change<T>(object? errorTarget, string target, string action, Func<CancellationToken, Task<T>> send, bool passThru)
        {
            if (!Approved(target, action))
            {
                return;
            }

            ForItem(errorTarget, () =>
            {
                var result = Await(send(CancellationToken));
                if (passThru && result != null)
                {
                    WriteObject(result);
                }
            });
        }

        private bool Approved(string target, string action)
        {
            if (Force && !WhatIfRequested())
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf))
            {
                return whatIf is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(whatIf);
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }
    }
}
