using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Users
{
    /// <summary>
    /// <para type="synopsis">Removes a user's custom status.</para>
    /// <para type="description">Removes the user's custom status, as DELETE /users/{uuid}/status does; availability is left as it is (Set-CallbellUserStatus -Available changes it). Take the user's uuid from the Callbell dashboard.</para>
    /// </summary>
    /// <example>
    ///   <code>Clear-CallbellUserStatus -UserUuid a1b2c3d4e5f60718293a4b5c6d7e8f01</code>
    ///   <para>Removes the user's custom status.</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv agents.csv | Clear-CallbellUserStatus -WhatIf</code>
    ///   <para>Says whose custom status would be removed (UserUuid column), and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Clear, "CallbellUserStatus", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ClearCallbellUserStatusCommand : CallbellChangeCmdlet
    {
        /// <summary>The user's uuid, from the Callbell dashboard. Binds from the pipeline, by value or by a UserUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserUuid { get; set; } = null!;

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var userUuid = UserUuid;
            Change(userUuid, userUuid, "user " + userUuid, "Remove the custom status", ct => Client.Users.ClearStatusAsync(userUuid, ct), passThru: false);
        }
    }
}
