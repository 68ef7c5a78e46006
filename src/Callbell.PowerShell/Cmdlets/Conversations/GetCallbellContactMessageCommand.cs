using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Conversations
{
    /// <summary>
    /// <para type="synopsis">Gets the messages of a contact's conversation, newest first.</para>
    /// <para type="description">One page of a contact's history, every page (-All), or the newest -First N. Contacts from Get-CallbellContact bind by their Uuid. System notes may have no uuid.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellContact -PhoneNumber +393331234567 | Get-CallbellContactMessage -First 10</code>
    ///   <para>The contact's ten newest messages.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellContactMessage -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -All | Where-Object Status -eq received</code>
    ///   <para>Every message the contact sent.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellContactMessage", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Message))]
    public sealed class GetCallbellContactMessageCommand : CallbellListCmdlet
    {
        /// <summary>The contact's uuid. Binds from the pipeline, by value or by a Uuid or ContactUuid property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContactUuid")]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = null!;

        protected override void ProcessItem()
        {
            var uuid = Uuid;
            WriteList(
                uuid,
                "messages",
                new PagePosition(Page),
                position => Client.Conversations.GetMessagesPageAsync(uuid, position.Page, CancellationToken),
                position => Client.Conversations.ListMessagesPagesAsync(uuid, position.Page, CancellationToken));
        }
    }
}
