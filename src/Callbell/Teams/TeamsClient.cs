using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Paging;

namespace Callbell.Teams
{
    /// <summary>Teams: list, one by uuid, rename, and their members (available or away).</summary>
    public sealed class TeamsClient
    {
        private readonly CallbellClient _client;

        internal TeamsClient(CallbellClient client)
        {
            _client = client;
        }

        [Endpoint("GET", "teams")]
        public Task<Page<Team>> GetPageAsync(int page = 1, CancellationToken cancellationToken = default) =>
            _client.PageAsync<Team>(ListRequest(page), "teams", new PagePosition(page), cancellationToken);

        public IAsyncEnumerable<Page<Team>> ListPagesAsync(int firstPage = 1, CancellationToken cancellationToken = default) =>
            _client.WalkAsync<Team>(ListRequest, "teams", firstPage, cancellationToken);

        [Endpoint("GET", "teams/{uuid}")]
        public Task<Team> GetAsync(string uuid, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Team>(ApiRequest.Get("teams").Segment(uuid, "Uuid"), "team", cancellationToken);

        [Endpoint("PATCH", "teams/{uuid}")]
        public Task<Team> SetNameAsync(string uuid, string name, CancellationToken cancellationToken = default) =>
            _client.OneAsync<Team>(ApiRequest.Patch("teams").Segment(uuid, "Uuid").WithBody(new JsonBody().Set("name", Text.Require(name, "Name", 100))), "team", cancellationToken);

        [Endpoint("GET", "teams/{uuid}/members")]
        public async Task<Page<TeamMember>> GetMembersPageAsync(string teamUuid, string? status = null, int page = 1, CancellationToken cancellationToken = default) =>
            Stamp(await _client.PageAsync<TeamMember>(MembersRequest(teamUuid, status, page), "users", new PagePosition(page), cancellationToken).ConfigureAwait(false), teamUuid);

        public IAsyncEnumerable<Page<TeamMember>> ListMembersPagesAsync(string teamUuid, string? status = null, int firstPage = 1, CancellationToken cancellationToken = default)
        {
            MembersRequest(teamUuid, status, firstPage); // validates now, before enumeration starts
            return PageWalker.WalkAsync((page, ct) => GetMembersPageAsync(teamUuid, status, page, ct), firstPage, _client.Connection.Options.Lookahead, cancellationToken);
        }

        private static ApiRequest ListRequest(int page) => ApiRequest.Get("teams").Query("page", Text.PageAbove1(page), "Page");

        private static ApiRequest MembersRequest(string teamUuid, string? status, int page)
        {
            if (status != null && status != "available" && status != "away")
            {
                throw CallbellException.InvalidArgument("Status", "Status must be available or away; it was '" + Identifier.Printable(status) + "'.");
            }

            return ApiRequest.Get("teams").Segment(teamUuid, "TeamUuid").Then("members")
                .Query("page", Text.PageAbove1(page), "Page")
                .Query("status", status, "Status");
        }

        private static Page<TeamMember> Stamp(Page<TeamMember> page, string teamUuid)
        {
            foreach (var member in page.Items)
            {
                member.TeamUuid = teamUuid;
            }

            return page;
        }
    }
}
