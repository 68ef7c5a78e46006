using System;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Contacts
{
    /// <summary>One contact by uuid, phone number or bsuid; identifiers are checked before they become a URL.</summary>
    public sealed class ContactLookupTests : SandboxTest
    {
        [Fact]
        public async Task By_uuid_reads_the_contact_the_api_wraps_in_an_array()
        {
            var uuid = ContactGenerator.UuidFor(7);

            var contact = await Client().Contacts.GetAsync(uuid);

            Assert.Equal(uuid, contact.Uuid);
            Assert.Equal(ContactGenerator.Create(7).Name, contact.Name);
            Assert.Equal("/v1/contacts/" + uuid, Assert.Single(Sandbox.Journal.Requests).Target);
        }

        [Fact]
        public async Task By_phone_sends_the_number_as_the_reference_writes_it_digits_only()
        {
            var contact = await Client().Contacts.GetByPhoneAsync("+39 (333) 000-0005", "b1a2c3d4e5f60718293a4b5c6d7e8f90");

            Assert.Equal(ContactGenerator.StoredPhoneFor(5), contact.PhoneNumber);
            Assert.Equal("/v1/contacts/phone/393330000005?channel_uuid=b1a2c3d4e5f60718293a4b5c6d7e8f90", Assert.Single(Sandbox.Journal.Requests).Target);
        }

        [Fact]
        public async Task Finding_by_phone_gives_null_for_an_unknown_number_and_reads_field_types_when_asked()
        {
            var client = Client();

            Assert.Null(await client.Contacts.FindByPhoneAsync("+39 333 999 9999", null, includeFieldTypes: false));
            var found = await client.Contacts.FindByPhoneAsync("+39 333 000 0003", null, includeFieldTypes: true);

            Assert.Equal(ContactGenerator.UuidFor(3), found!.Uuid);
            Assert.NotNull(found.CustomFieldsMetadata);
            Assert.Equal(new[] { "/v1/contacts/phone/393339999999", "/v1/contacts/phone/393330000003", "/v1/contacts/" + ContactGenerator.UuidFor(3) }, Sandbox.Journal.Requests.Select(r => r.Path));
        }

        [Fact]
        public async Task The_sandbox_does_not_normalise_a_number_the_API_would_not()
        {
            using var http = new System.Net.Http.HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Sandbox.Token);

            var typed = await http.GetAsync(new Uri(Sandbox.BaseUri, "contacts/phone/%2B39%203330000005"));
            var digits = await http.GetAsync(new Uri(Sandbox.BaseUri, "contacts/phone/393330000005"));

            Assert.Equal(404, (int)typed.StatusCode);
            Assert.Equal(200, (int)digits.StatusCode);
        }

        [Fact]
        public async Task By_bsuid_reads_the_bare_object()
        {
            var contact = await Client().Contacts.GetByBsuidAsync(ContactGenerator.BsuidFor(10));

            Assert.Equal(ContactGenerator.UuidFor(10), contact.Uuid);
            Assert.Equal(ContactGenerator.BsuidFor(10), contact.Bsuid);
        }

        [Theory]
        [InlineData("abc/def")]
        [InlineData("abc?x=1")]
        [InlineData("abc#frag")]
        [InlineData("..")]
        [InlineData("a b")]
        [InlineData("abc\r\nX-Evil: 1")]
        [InlineData("%2F")]
        public async Task A_uuid_with_path_or_query_characters_is_refused_before_any_request(string uuid)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.GetAsync(uuid));

            Assert.Equal("Uuid", error.ParameterName);
            Assert.DoesNotContain("\n", error.Message);
            Assert.Empty(Sandbox.Journal.Requests);
        }

        [Theory]
        [InlineData("+39/333")]
        [InlineData("call me")]
        [InlineData("++39")]
        public async Task A_phone_number_with_other_characters_is_refused(string phone)
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Contacts.GetByPhoneAsync(phone));

            Assert.Equal("PhoneNumber", error.ParameterName);
            Assert.Empty(Sandbox.Journal.Requests);
        }

        [Fact]
        public async Task An_unknown_contact_is_a_not_found_error_with_the_servers_words()
        {
            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.GetAsync("00000000000000000000000000000000"));

            Assert.Equal(CallbellErrorKind.NotFound, error.Kind);
            Assert.Equal(404, error.StatusCode);
            Assert.Equal("Callbell.NotFound.404", error.ErrorId);
            Assert.Contains("Contact not found", error.Message);
            Assert.Contains("GET " + Sandbox.BaseUri.AbsoluteUri + "contacts/00000000000000000000000000000000", error.Message);
            Assert.Equal(1, error.Attempts);
        }
    }
}
