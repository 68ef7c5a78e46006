using System.Management.Automation;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>A change to one contact's conversation or bot: the contact's uuid, bound from contacts and CSV rows.</summary>
    public abstract class ContactChangeCmdlet : CallbellChangeCmdlet
    {
        /// <summary>The contact's uuid. Binds from the pipeline, by value or by a Uuid or ContactUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactUuid")]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;
    }
}
