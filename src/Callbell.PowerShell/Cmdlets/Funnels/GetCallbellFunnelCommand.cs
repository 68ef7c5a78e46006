using System.Management.Automation;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Funnels
{
    /// <summary>
    /// <para type="synopsis">Gets the account's funnels (the stages conversations move through).</para>
    /// <para type="description">Lists every funnel in one request (the API does not page them), optionally those whose name matches a wildcard pattern.</para>
    /// </summary>
    /// <example>
    ///   <code>Get-CallbellFunnel</code>
    ///   <para>Every funnel, in position order.</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellFunnel -Name 'Qual*' | Select-Object -ExpandProperty Uuid</code>
    ///   <para>The id of the "Qualified" funnel, for Set-CallbellConversationFunnel.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "CallbellFunnel")]
    [OutputType(typeof(Funnel))]
    public sealed class GetCallbellFunnelCommand : CallbellApiCmdlet
    {
        /// <summary>Only funnels whose name matches this wildcard pattern (case-insensitive).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessItem()
        {
            var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            ForItem("funnels", () =>
            {
                foreach (var funnel in Await(Client.Funnels.ListAsync(CancellationToken)))
                {
                    if (pattern is null || pattern.IsMatch(funnel.Name ?? string.Empty))
                    {
                        WriteObject(funnel);
                    }
                }
            });
        }
    }
}
