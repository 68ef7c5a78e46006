using System;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>Each list parameter reaches the server under the API's own name, and nothing else does.</summary>
    public sealed class ContactQueryTests : SandboxTest
    {
        [Fact]
        public async Task No_parameters_send_no_query_string()
        {
            await Client().Contacts.GetPageAsync(new ContactQuery(), 1);

            var request = Assert.Single(Sandbox.Journal.Requests);
            Assert.Equal("GET", request.Method);
            Assert.Equal("/v1/contacts", request.Target);
        }

        [Fact]
        public async Task Every_parameter_maps_to_its_query_name()
        {
            var query = new ContactQuery
            {
                Source = "whatsapp",
                Tags = new[] { " lead ", "VIP" },
                TeamUuid = "5ad5bd8e7b9c4c4f8a1e0d3f2b6a7c81",
                IncludeFieldTypes = true,
            };

            await Client().Contacts.GetPageAsync(query, 3);

            var sent = Assert.Single(Sandbox.Journal.Requests);
            Assert.Equal("/v1/contacts?page=3&source=whatsapp&tags=lead,VIP&team_uuid=5ad5bd8e7b9c4c4f8a1e0d3f2b6a7c81&include_field_types=true", sent.Target);
            Assert.Equal("3", sent.Query["page"]);
            Assert.Equal("lead,VIP", sent.Query["tags"]);
        }

        [Fact]
        public async Task Filters_narrow_the_result_as_the_server_applies_them()
        {
            var contacts = await Client().Contacts.ListAllAsync(new ContactQuery { Source = "instagram", Tags = new[] { "lead" } }).ToListAsync();

            Assert.NotEmpty(contacts);
            Assert.All(contacts, c =>
            {
                Assert.Equal("instagram", c.Source);
                Assert.Contains("lead", c.Tags);
            });
        }

        [Fact]
        public async Task Include_field_types_adds_metadata_with_types()
        {
            var page = await Client().Contacts.GetPageAsync(new ContactQuery { IncludeFieldTypes = true }, 1);

            var metadata = page.Items[0].CustomFieldsMetadata!;
            Assert.Equal("dropdown", metadata["Plan"].Type);
            Assert.Equal(new[] { "Free", "Gold", "Platinum" }, metadata["Plan"].Options);
            Assert.Equal("number", metadata["seats"].Type);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public async Task An_empty_tag_is_refused_before_any_request(string tag)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.GetPageAsync(new ContactQuery { Tags = new[] { "lead", tag } }, 1));

            Assert.Equal("Tag", error.ParameterName);
            Assert.Equal(CallbellErrorKind.InvalidArgument, error.Kind);
            Assert.Empty(Sandbox.Journal.Requests);
        }

        [Fact]
        public async Task A_page_below_one_is_refused_before_any_request()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.GetPageAsync(new ContactQuery(), 0));

            Assert.Equal("Page", error.ParameterName);
            Assert.Empty(Sandbox.Journal.Requests);
        }

        [Fact]
        public async Task A_query_longer_than_the_url_limit_is_refused_naming_the_parameter()
        {
            var tags = Enumerable.Range(0, 2000).Select(i => "tag" + i).ToArray();

            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.GetPageAsync(new ContactQuery { Tags = tags }, 1));

            Assert.Equal("Tag", error.ParameterName);
            Assert.Contains("8000", error.Message);
            Assert.Empty(Sandbox.Journal.Requests);
        }
    }
}
