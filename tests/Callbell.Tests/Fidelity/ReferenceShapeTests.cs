using System;
using System.Collections;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Messages;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Fidelity
{
    /// <summary>
    /// Requests and readings shaped as docs/callbell-api.md documents them, against a sandbox that
    /// rejects what the reference rejects: each of these failed while module and sandbox agreed
    /// on something else.
    /// </summary>
    public sealed class ReferenceShapeTests : SandboxTest
    {
        private const string Whatsapp = "b1a2c3d4e5f60718293a4b5c6d7e8f90";
        private const string Reminder = "7e00a1b2c3d4e5f60718293a4b5c6d7e8";

        [Fact]
        public async Task The_sandbox_refuses_a_send_without_content_even_for_a_template()
        {
            var body = "{\"from\":\"whatsapp\",\"to\":\"+393330000001\",\"type\":\"text\",\"channel_uuid\":\"" + Whatsapp + "\",\"template_uuid\":\"" + Reminder + "\",\"optin_contact\":true,\"template_values\":[\"Anna\"]}";

            var answer = await Raw(HttpMethod.Post, "messages/send", body);

            Assert.Equal(422, (int)answer.StatusCode);
            Assert.Contains("content", await answer.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_template_with_no_text_and_no_values_is_refused_before_any_request_since_content_text_is_required()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Messages.SendAsync(new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder }));

            Assert.Equal("Text", error.ParameterName);
            Assert.DoesNotContain(Sandbox.Journal.Requests, r => r.Path == "/v1/messages/send");
        }

        [Fact]
        public async Task A_text_template_given_a_url_is_refused_naming_type_instead_of_sending_the_media_as_text()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Messages.SendAsync(new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder, Url = "https://example.com/offer.png", TemplateValues = new[] { "Anna" } }));

            Assert.Equal("Type", error.ParameterName);
            Assert.DoesNotContain(Sandbox.Journal.Requests, r => r.Path == "/v1/messages/send");
        }

        [Fact]
        public async Task A_media_template_sends_its_type_and_the_media_in_content_url()
        {
            await Client().Messages.SendAsync(new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder, Type = "image", Url = "https://example.com/offer.png", TemplateValues = new[] { "Anna" } });

            var body = LastSend();
            Assert.Contains("\"type\":\"image\"", body);
            Assert.Contains("\"content\":{\"text\":\"Anna\",\"url\":\"https://example.com/offer.png\"}", body);
            Assert.Contains("\"template_uuid\":\"" + Reminder + "\"", body);
        }

        [Fact]
        public async Task A_media_template_without_its_media_is_refused_before_any_request()
        {
            var error = await Assert.ThrowsAsync<CallbellException>(() => Client().Messages.SendAsync(new MessageDraft { To = "+393330000001", ChannelUuid = Whatsapp, TemplateUuid = Reminder, Type = "video" }));

            Assert.Equal("Url", error.ParameterName);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task The_bots_latest_version_flag_is_the_boolean_the_reference_shows()
        {
            var bot = await Client().Bots.GetAsync(ContactGenerator.UuidFor(1));

            Assert.True(bot.LatestBotVersion);
            Assert.Null(bot.AdditionalFields);
        }

        [Fact]
        public void A_phone_number_correction_is_not_a_final_status()
        {
            Assert.False(new MessageSendRequest { Status = "mismatch" }.IsFinal);
            Assert.True(new MessageSendRequest { Status = "read" }.IsFinal);
        }

        [Fact]
        public async Task With_field_types_a_checkbox_reads_as_its_options_and_exports_readably()
        {
            var contact = await Client().Contacts.GetAsync(ContactGenerator.UuidFor(3), includeFieldTypes: true);

            var interests = Assert.IsType<string[]>(contact.CustomFields["Interests"]);
            Assert.Equal(ContactGenerator.Create(3).CustomFields["Interests"], interests);
            Assert.Contains("\"Interests\":[", contact.CustomFields.ToString());
        }

        [Fact]
        public async Task The_sandbox_refuses_an_empty_value_for_a_number_date_dropdown_or_email_field()
        {
            foreach (var field in new[] { "Seats", "Renewal", "Plan", "Billing Email" })
            {
                var answer = await Raw(new HttpMethod("PATCH"), "contacts/" + ContactGenerator.UuidFor(1), "{\"custom_fields\":{\"" + field + "\":\"\"}}");
                Assert.Equal(422, (int)answer.StatusCode);
            }

            Assert.Equal(200, (int)(await Raw(new HttpMethod("PATCH"), "contacts/" + ContactGenerator.UuidFor(1), "{\"custom_fields\":{\"Company\":\"\"}}")).StatusCode);
        }

        [Fact]
        public async Task Clearing_a_number_field_is_refused_naming_the_field_before_the_change_is_sent()
        {
            var client = Client();
            var current = await client.Contacts.GetAsync(ContactGenerator.UuidFor(1), includeFieldTypes: true);
            var edit = new ContactEdit { CustomFields = new System.Collections.Generic.Dictionary<string, object?> { ["Seats"] = "", ["Company"] = "" } };

            var error = Assert.ThrowsAny<CallbellException>(() => edit.Diff(current));

            Assert.Contains("'Seats'", error.ParameterName);
            Assert.Contains("number field", error.Message);
            Assert.DoesNotContain(Sandbox.Journal.Requests, r => r.Method == "PATCH");
        }

        [Fact]
        public async Task Clearing_a_text_field_sends_empty_text_and_a_checkbox_an_empty_list()
        {
            var client = Client();
            var uuid = ContactGenerator.UuidFor(3);
            var current = await client.Contacts.GetAsync(uuid, includeFieldTypes: true);
            var edit = new ContactEdit { CustomFields = new System.Collections.Generic.Dictionary<string, object?> { ["Interests"] = "", ["Company"] = "" } };
            var changes = edit.Diff(current);

            await client.Contacts.UpdateAsync(uuid, changes);

            var body = Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last(r => r.Method == "PATCH").Body);
            Assert.Contains("\"Interests\":[]", body);
        }

        [Fact]
        public async Task The_snippets_contested_paths_are_not_served_unless_asked_for()
        {
            Assert.Equal(404, (int)(await Raw(HttpMethod.Delete, "custom_status/8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b", null)).StatusCode);
            Assert.Equal(404, (int)(await Raw(HttpMethod.Post, "contacts/" + ContactGenerator.UuidFor(1) + "/messages/update_funnel", "{}")).StatusCode);

            using var snippets = SandboxServer.Start(new SandboxOptions { Contacts = 5, SnippetPaths = true });
            using var http = Http(snippets.Token);
            var answer = await http.DeleteAsync(new Uri(snippets.BaseUri, "custom_status/8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b"));
            Assert.NotEqual(404, (int)answer.StatusCode);
        }

        [Fact]
        public async Task The_account_key_never_comes_back_from_the_generic_endpoint()
        {
            var client = Client();

            var me = (IDictionary)(await client.Generic.SendAsync(Callbell.Generic.GenericClient.Build("GET", "auth/me", null, null)))!;
            var text = await client.Generic.SendTextAsync(Callbell.Generic.GenericClient.Build("GET", "auth/me", null, null));

            Assert.Equal("********", me["api_key"]);
            Assert.DoesNotContain(Sandbox.Token, text);
            Assert.Contains("\"api_key\":\"********\"", text.Replace(" ", string.Empty));
        }

        private string LastSend() => Encoding.UTF8.GetString(Sandbox.Journal.Requests.Last(r => r.Path == "/v1/messages/send").Body);

        private static HttpClient Http(string token)
        {
            var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http;
        }

        private async Task<HttpResponseMessage> Raw(HttpMethod method, string path, string? json)
        {
            using var http = Http(Sandbox.Token);
            using var request = new HttpRequestMessage(method, new Uri(Sandbox.BaseUri, path));
            if (json != null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            return await http.SendAsync(request);
        }
    }
}
