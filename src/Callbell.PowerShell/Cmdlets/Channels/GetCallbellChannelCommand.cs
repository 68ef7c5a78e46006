using System;
using System.Linq;
using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Channels
{
    /// <summary>
    /// <para type="synopsis">Gets the account's channels: WhatsApp numbers, Instagram accounts, Facebook pages, Telegram bots.</para>
    /// <para type="description">Lists channels, filtered by type and by whether they are active (both filtered by the server), or by title with wildcards (filtered here). -All walks every page. One channel by -Uuid, which binds from the pipeline.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellChannel -Type whatsapp -Active -All</code>
    ///   <para>Every active WhatsApp channel.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellChannel -Title '*Italy*' -All</code>
    ///   <para>Channels whose title contains "Italy", discarded ones included.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellChannel", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Channel))]
    public sealed class GetCallbellChannelCommand : CallbellListCmdlet
    {
        private const string UuidSet = "ByUuid";

        /// <summary>The channel's uuid. Binds from the pipeline, by value or by a Uuid or ChannelUuid property.</summary>
        [Parameter(ParameterSetName = UuidSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ChannelUuid")]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Uuid { get; set; } = null!;

        /// <summary>Only channels of this type: whatsapp, instagram, facebook, telegram.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(SourceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Type { get; set; }

        /// <summary>Active channels only; -Active:$false for discarded ones only. Omitted: both.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Active { get; set; }

        /// <summary>Only channels whose title matches this wildcard pattern (case-insensitive, matched here rather than by the server).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(ChannelTitleCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == UuidSet)
            {
                foreach (var uuid in Uuid)
                {
                    Lookup(uuid, 0, ct => Client.Channels.GetAsync(uuid, ct));
                }

                return;
            }

            bool? active = MyInvocation.BoundParameters.ContainsKey(nameof(Active)) ? Active.IsPresent : (bool?)null;
            var pattern = Title is null ? null : new WildcardPattern(Title, WildcardOptions.IgnoreCase);
            WriteList(
                "channels",
                "channels",
                new PagePosition(Page),
                position => Client.Channels.GetPageAsync(Type, active, position.Page, CancellationToken),
                position => Client.Channels.ListPagesAsync(Type, active, position.Page, CancellationToken),
                pattern is null ? null : new Func<Channel, bool>(channel => pattern.IsMatch(channel.Title ?? string.Empty)),
                Title is null ? null : "channel titled '" + Title + "'");
        }
    }
}
