using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Channels
{
    /// <summary>
    /// <para type="synopsis">Renames a channel.</para>
    /// <para type="description">Changes the channel's title (the only field the API lets change). Channels from Get-CallbellChannel bind by their Uuid.</para>
    /// </summary>
    /// <example>
    ///   <code>Set-CallbellChannel -Uuid b1a2c3d4e5f60718293a4b5c6d7e8f90 -Title 'WhatsApp Sales' -PassThru</code>
    ///   <para>Renames the channel and shows it.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellChannel -Title 'WhatsApp Main' | Set-CallbellChannel -Title 'WhatsApp Italy' -WhatIf</code>
    ///   <para>Says which channel would be renamed, and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellChannel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Channel))]
    public sealed class SetCallbellChannelCommand : CallbellChangeCmdlet
    {
        /// <summary>The channel's uuid. Binds from the pipeline by a Uuid or ChannelUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ChannelUuid")]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        /// <summary>The new title.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = null!;

        /// <summary>Writes the renamed channel to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var (uuid, title) = (Uuid, Title);
            Change(uuid, uuid, "channel " + uuid, "Rename to '" + title + "'", ct => Client.Channels.SetTitleAsync(uuid, title, ct), PassThru);
        }
    }
}
