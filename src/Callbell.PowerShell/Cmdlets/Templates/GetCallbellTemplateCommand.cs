using System;
using System.Linq;
using System.Management.Automation;
using Callbell.Paging;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Templates
{
    /// <summary>
    /// <para type="synopsis">Gets the account's WhatsApp message templates.</para>
    /// <para type="description">Lists templates, or one by -Uuid. The API filters nothing: -Status, -Category and -Title are applied here, on the client side, after each page arrives.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellTemplate -Status approved -Category UTILITY -All</code>
    ///   <para>Every approved utility template (filtered on the client side).</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellTemplate -Title '*reminder*' -All | Select-Object Title, Status, Text</code>
    ///   <para>Templates whose title contains "reminder".</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellTemplate", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Template))]
    public sealed class GetCallbellTemplateCommand : CallbellListCmdlet
    {
        private const string UuidSet = "ByUuid";

        /// <summary>The template's uuid. Binds from the pipeline, by value or by a Uuid or TemplateUuid property.</summary>
        [Parameter(ParameterSetName = UuidSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TemplateUuid")]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Uuid { get; set; } = null!;

        /// <summary>Only templates with one of these statuses (filtered on the client side).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("approved", "pending", "rejected", "failed", "paused", "deactivated", "deleted", "disabled", "in_appeal", "limit_exceeded", "pending_deletion")]
        public string[]? Status { get; set; }

        /// <summary>Only templates of this category: MARKETING or UTILITY (filtered on the client side).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("MARKETING", "UTILITY")]
        public string? Category { get; set; }

        /// <summary>Only templates whose title matches this wildcard pattern (filtered on the client side).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        protected override void ProcessItem()
        {
            if (ParameterSetName == UuidSet)
            {
                foreach (var uuid in Uuid)
                {
                    Lookup(uuid, 0, ct => Client.Templates.GetAsync(uuid, ct));
                }

                return;
            }

            var pattern = Title is null ? null : new WildcardPattern(Title, WildcardOptions.IgnoreCase);
            WriteList(
                "templates",
                "templates",
                new PagePosition(Page),
                position => Client.Templates.GetPageAsync(position.Page, CancellationToken),
                position => Client.Templates.ListPagesAsync(position.Page, CancellationToken),
                Status is null && Category is null && pattern is null ? null : new Func<Template, bool>(template => (Status is null || Status.Contains(template.Status, StringComparer.OrdinalIgnoreCase))
                    && (Category is null || string.Equals(Category, template.Category, StringComparison.OrdinalIgnoreCase))
                    && (pattern is null || pattern.IsMatch(template.Title ?? string.Empty))),
                Title is null ? null : "template titled '" + Title + "'");
        }
    }
}
