using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Account
{
    /// <summary>Channels, teams, members, templates, funnels, custom statuses, user status and plan against the stateful sandbox.</summary>
    public sealed class AccountAreaTests : SandboxTest
    {
        private const string Support = "9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c";
        private const string Meeting = "3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10";
        private const string User = "a1b2c3d4e5f60718293a4b5c6d7e8f01";

        [Fact]
        public async Task Channels_filter_by_type_and_activity_on_the_server_and_read_discardedAt_both_ways()
        {
            var client = Client();

            var whatsapp = await client.Channels.GetPageAsync(type: "whatsapp");
            var active = await client.Channels.GetPageAsync(type: "whatsapp", active: true);

            Assert.Equal(2, whatsapp.Items.Count);
            Assert.Equal(new[] { "WhatsApp Main" }, active.Items.Select(c => c.Title));
            var old = whatsapp.Items.Single(c => c.Main == false);
            Assert.True(old.Discarded);
            Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), old.DiscardedAt);
            Assert.False(active.Items[0].Discarded); // discardedAt: false
            Assert.Equal("channels?type=whatsapp&active=true", Sandbox.Journal.Requests.Last().Target.Substring("/v1/".Length));
        }

        [Fact]
        public async Task Renaming_a_channel_sends_only_the_title_and_shows_in_a_later_read()
        {
            var client = Client();
            var uuid = SandboxChannel.All[1].Uuid;

            var renamed = await client.Channels.SetTitleAsync(uuid, "  Instagram Italia ");

            Assert.Equal("Instagram Italia", renamed.Title);
            Assert.Equal("{\"title\":\"Instagram Italia\"}", Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last().Body));
            Assert.Equal("Instagram Italia", (await client.Channels.GetAsync(uuid)).Title);
        }

        [Fact]
        public async Task Teams_list_rename_and_list_their_members_by_status()
        {
            var client = Client();

            var teams = await client.Teams.GetPageAsync();
            var renamed = await client.Teams.SetNameAsync(Support, "Customer Care");
            var available = await client.Teams.GetMembersPageAsync(Support, "available");
            var away = await client.Teams.GetMembersPageAsync(Support, "away");

            Assert.Equal(new[] { "Sales", "Support", "Billing" }, teams.Items.Select(t => t.Name));
            Assert.Equal(1, teams.Meta!.Pages);
            Assert.Equal("Customer Care", renamed.Name);
            Assert.Equal("Customer Care", (await client.Teams.GetAsync(Support)).Name);
            Assert.All(available.Items.Concat(away.Items), m => Assert.Equal(Support, m.TeamUuid));
            Assert.All(available.Items, m => Assert.True(m.Available));
            Assert.All(away.Items, m => Assert.False(m.Available));
            Assert.Equal(3, available.Items.Count + away.Items.Count);
            Assert.Equal("In a meeting", away.Items.Concat(available.Items).Single(m => m.UserCustomStatus != null).UserCustomStatus!.Name);
            Assert.DoesNotContain(Sandbox.Journal.Requests, r => r.Path == "/v1/teams" && r.Query.ContainsKey("page")); // page 1 is the documented request
        }

        [Fact]
        public async Task A_member_status_filter_outside_the_documented_set_is_refused_before_any_request()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Teams.GetMembersPageAsync(Support, "busy"));

            Assert.Equal("Status", error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task A_template_rename_reads_the_answer_under_the_quirky_templates_key()
        {
            var client = Client();
            var first = (await client.Templates.GetPageAsync()).Items[0];

            var renamed = await client.Templates.SetTitleAsync(first.Uuid!, "Reminder (24 h)");

            Assert.Equal("Reminder (24 h)", renamed.Title);
            var patch = Sandbox.Journal.Requests.Single(r => r.Method == "PATCH");
            Assert.Equal("{\"title\":\"Reminder (24 h)\"}", Encoding.UTF8.GetString(patch.Body));
            Assert.Equal("Reminder (24 h)", (await client.Templates.GetAsync(first.Uuid!)).Title);
            Assert.Equal("approved", first.Status);
            Assert.Equal("UTILITY", first.Category);
            Assert.NotNull(first.CreatedAt);
        }

        [Fact]
        public async Task Funnels_come_as_one_list_without_meta()
        {
            var funnels = await Client().Funnels.ListAsync();

            Assert.Equal(new[] { "New leads", "Qualified", "Won" }, funnels.Select(f => f.Name));
            Assert.Equal("0d6041a2-8b88-49ec-a99b-a88a078a16c1", funnels[0].Uuid);
        }

        [Fact]
        public async Task Custom_statuses_are_created_renamed_and_deleted()
        {
            var client = Client();

            var created = await client.CustomStatuses.CreateAsync("Training");
            var renamed = await client.CustomStatuses.SetNameAsync(created.Id!, "Training day");
            var deleted = await client.CustomStatuses.DeleteAsync(created.Id!);

            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-", created.Id);
            Assert.Equal("Training day", renamed.Name);
            Assert.Equal("custom status was destroyed", deleted.Status);
            var after = await client.CustomStatuses.GetPageAsync();
            Assert.DoesNotContain(after.Items, s => s.Id == created.Id);
            var put = Sandbox.Journal.Requests.Single(r => r.Method == "PUT");
            Assert.Equal("{\"name\":\"Training day\"}", Encoding.UTF8.GetString(put.Body));
        }

        [Fact]
        public async Task User_status_sends_only_what_is_given_and_null_unassigns()
        {
            var client = Client();

            var set = await client.Users.SetStatusAsync(User, false, true, Meeting);
            var unassigned = await client.Users.SetStatusAsync(User, null, true, null);
            var cleared = await client.Users.ClearStatusAsync(User);

            var bodies = Sandbox.Journal.Requests.Where(r => r.Method == "PUT").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
            Assert.Equal("{\"available\":false,\"custom_status_uuid\":\"" + Meeting + "\"}", bodies[0]);
            Assert.Equal("{\"custom_status_uuid\":null}", bodies[1]);
            Assert.False(set.Available);
            Assert.Equal("In a meeting", set.CustomStatus!.Name);
            Assert.NotNull(set.CustomStatus.LastUpdatedAt);
            Assert.Null(unassigned.CustomStatus);
            Assert.False(unassigned.Available); // left as it was
            Assert.True(cleared.Success); // an empty body
            Assert.Equal(User, set.UserUuid);
        }

        [Fact]
        public async Task Clearing_a_user_status_removes_the_custom_status_and_leaves_availability_alone()
        {
            var client = Client();
            await client.Users.SetStatusAsync(User, false, true, Meeting);

            await client.Users.ClearStatusAsync(User);

            var after = Sandbox.State.Users[User];
            Assert.Null(after["custom_status"]);
            Assert.False((bool)after["appearance"]!["available"]!);
        }

        [Fact]
        public async Task Setting_nothing_is_refused_before_any_request()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Users.SetStatusAsync(User, null, false, null));

            Assert.Equal("Available", error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task The_plan_reads_its_licences_and_teams()
        {
            var plan = await Client().Plan.GetAsync();

            Assert.Equal("Pro", plan.Name);
            Assert.Equal(7, plan.FreeLicenses);
            Assert.Equal(3, plan.Teams!.Count);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("line\nbreak")]
        public async Task A_name_that_is_empty_or_holds_control_characters_is_refused_naming_the_parameter(string name)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Teams.SetNameAsync(Support, name));

            Assert.Equal("Name", error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }
    }
}
