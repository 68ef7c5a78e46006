using System;
using System.Management.Automation;
using Callbell.Bulk;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet that changes something: -Force, -ThrottleLimit, and <see cref="Change{T}"/>, which
    /// asks ShouldProcess on the pipeline thread before the request starts, keeps up to
    /// -ThrottleLimit requests in flight for pipeline input, writes results (with -PassThru) and
    /// errors in input order, and never overlaps two changes of the same target. A change cmdlet
    /// is then a parameter block and one call.
    /// </summary>
    public abstract class CallbellChangeCmdlet : CallbellCmdlet
    {
        /// <summary>Skips the confirmation prompt. -WhatIf still only says what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Requests in flight at once for pipeline input. Default: adapts to the rate budget and the latency, from 16 up to Connect-Callbell -ThrottleLimit (256).</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        /// <summary>
        /// Sends one change. <paramref name="target"/> names the object as a person reads it
        /// ("team 9f3c…"); <paramref name="action"/> says what happens to it.
        /// </summary>
        protected void Change<T>(object? errorTarget, string? key, string target, string action, Func<CancellationToken, Task<T>> send, bool passThru)
        {
            if (!Approved(target, action))
            {
                return;
            }

            Items(ThrottleLimit).Add(new WorkItem
            {
                Target = errorTarget,
                Key = key,
                Execute = async (_, ct) => await send(ct).ConfigureAwait(false),
                Write = result =>
                {
                    if (passThru && result != null)
                    {
                        WriteObject(result);
                    }
                },
            });
        }

        /// <summary>ShouldProcess, unless -Force (and no -WhatIf) says not to ask.</summary>
        protected bool Approved(string target, string action) => Approved(target, action, Force);
    }
}
