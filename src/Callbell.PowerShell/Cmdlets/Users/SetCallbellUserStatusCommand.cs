using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Users
{
    /// <summary>
    /// <para type="synopsis">Sets a user's availability and custom status.</para>
    /// <para type="description">Sets -Available (or -Available:$false for away), -CustomStatusId, or both; "-CustomStatusId $null" removes the custom status. No API endpoint lists users: take the user's uuid from the Callbell dashboard.</para>
    /// </summary>
    /// <example>
    ///   <code>Set-CallbellUserStatus -UserUuid a1b2c3d4e5f60718293a4b5c6d7e8f01 -Available:$false -CustomStatusId 3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10</code>
    ///   <para>Marks the user away, "In a meeting".</para>
    /// </example>
    /// <example>
    ///   <code>Set-CallbellUserStatus -UserUuid a1b2c3d4e5f60718293a4b5c6d7e8f01 -CustomStatusId $null</code>
    ///   <para>Removes the user's custom status and leaves availability as it is.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellUserStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UserStatus))]
    public sealed class SetCallbellUserStatusCommand : CallbellChangeCmdlet
    {
        /// <summary>The user's uuid, from the Callbell dashboard. Binds from the pipeline by a UserUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserUuid { get; set; } = null!;

        /// <summary>Marks the user available; -Available:$false marks them away. Omitted: left as it is.</summary>
        [Parameter]
        public SwitchParameter Available { get; set; }

        /// <summary>Writes the user's status as the API answers it. Without it, nothing is written, as with every Set- cmdlet.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The custom status to show; $null removes it. Omitted: left as it is.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CustomStatusCompleter))]
        [AllowNull]
        public string? CustomStatusId { get; set; }

        protected override void ProcessItem()
        {
            var bound = MyInvocation.BoundParameters;
            bool? available = bound.ContainsKey(nameof(Available)) ? Available.IsPresent : (bool?)null;
            var setStatus = bound.ContainsKey(nameof(CustomStatusId));
            var what = (available.HasValue ? (available.Value ? "available" : "away") : string.Empty)
                + (setStatus ? (available.HasValue ? ", " : string.Empty) + (CustomStatusId is null ? "no custom status" : "custom status " + CustomStatusId) : string.Empty);
            var (user, status) = (UserUuid, CustomStatusId); // the request runs later, when the parameters hold the next item
            Change(user, user, "user " + user, "Set status to " + (what.Length == 0 ? "(nothing)" : what), ct => Client.Users.SetStatusAsync(user, available, setStatus, status, ct), passThru: PassThru);
        }
    }
}
