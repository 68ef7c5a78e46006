using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.PowerShell.Completers
{
    /// <summary>-TeamUuid: team names to uuids.</summary>
    public sealed class TeamCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.Teams.ListPagesAsync(1, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(t => new NamedId(t.Uuid, t.Name));
    }

    /// <summary>-Name of Get-CallbellTeam: team names, quoted when they need it.</summary>
    public sealed class TeamNameCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.Teams.ListPagesAsync(1, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(t => new NamedId(t.Name, t.Name));

        protected override CompletionResult Result(NamedId item) => new CompletionResult(Quote(item.Name), item.Name, CompletionResultType.ParameterValue, item.Name);
    }

    /// <summary>-ChannelUuid: channel titles to uuids.</summary>
    public sealed class ChannelCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.Channels.ListPagesAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false)).Select(c => new NamedId(c.Uuid, c.Title + " (" + c.Type + ")"));
    }

    /// <summary>-Title of Get-CallbellChannel: channel titles, quoted when they need it.</summary>
    public sealed class ChannelTitleCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.Channels.ListPagesAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false)).Select(c => new NamedId(c.Title, c.Title));

        protected override CompletionResult Result(NamedId item) => new CompletionResult(Quote(item.Name), item.Name, CompletionResultType.ParameterValue, item.Name);
    }

    /// <summary>-TemplateUuid: template titles to uuids.</summary>
    public sealed class TemplateCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.Templates.ListPagesAsync(1, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(t => new NamedId(t.Uuid, t.Title + " [" + t.Status + "]"));
    }

    /// <summary>-FunnelId: funnel names to ids.</summary>
    public sealed class FunnelCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await client.Funnels.ListAsync(cancellationToken).ConfigureAwait(false)).Select(f => new NamedId(f.Uuid, f.Name));
    }

    /// <summary>-CustomStatusId: custom status names to ids.</summary>
    public sealed class CustomStatusCompleter : IdCompleter
    {
        protected override async Task<IEnumerable<NamedId>> FetchAsync(CallbellClient client, CancellationToken cancellationToken) =>
            (await AllAsync(client.CustomStatuses.ListPagesAsync(1, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(s => new NamedId(s.Id, s.Name));
    }
}
