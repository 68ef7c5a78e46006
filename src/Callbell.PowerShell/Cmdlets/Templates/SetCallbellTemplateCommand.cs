using System.Management.Automation;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Templates
{
    /// <summary>
    /// <para type="synopsis">Renames a message template.</para>
    /// <para type="description">Changes the template's title in Callbell (its text and approval are WhatsApp's). Templates from Get-CallbellTemplate bind by their Uuid.</para>
    /// </summary>
    /// <example>
    ///   <code>Set-CallbellTemplate -Uuid 7e00a1b2c3d4e5f60718293a4b5c6d7e8 -Title 'Reminder (24 h)' -PassThru</code>
    ///   <para>Renames the template and shows it.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellTemplate -Title 'Invoice' -All | Set-CallbellTemplate -Title 'Invoice (old)' -WhatIf</code>
    ///   <para>Says which template would be renamed, and sends nothing.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "CallbellTemplate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Template))]
    public sealed class SetCallbellTemplateCommand : CallbellChangeCmdlet
    {
        /// <summary>The template's uuid. Binds from the pipeline by a Uuid or TemplateUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateUuid")]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        /// <summary>The new title. The reference states no length limit: the server decides.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = null!;

        /// <summary>Writes the renamed template to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessItem()
        {
            // Locals: the request runs later, when this cmdlet's parameters hold the next item.
            var (uuid, title) = (Uuid, Title);
            Change(uuid, uuid, "template " + uuid, "Rename to '" + title + "'", ct => Client.Templates.SetTitleAsync(uuid, title, ct), PassThru);
        }
    }
}
