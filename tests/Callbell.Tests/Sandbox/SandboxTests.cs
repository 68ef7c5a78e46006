using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox;
using Callbell.Sandbox.Data;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Sandbox
{
    /// <summary>The emulator itself: data it serves and the quirks it reproduces.</summary>
    public sealed class SandboxTests : SandboxTest
    {
        [Fact]
        public async Task Generated_contacts_carry_every_documented_field_and_quirk()
        {
            var page = await Client().Contacts.GetPageAsync(new ContactQuery(), 1);

            var zero = page.Items[0];
            var expected = ContactGenerator.Create(0);
            Assert.Equal(expected.Uuid, zero.Uuid);
            Assert.Equal(expected.PhoneNumber, zero.PhoneNumber);
            Assert.Equal(expected.CreatedAt, zero.CreatedAt);
            Assert.Equal(ContactGenerator.Create(1).CreatedAt, page.Items[1].CreatedAt); // ISO with fraction and offset
            Assert.Equal(ContactGenerator.Create(2).CreatedAt, page.Items[2].CreatedAt); // "yyyy-MM-dd HH:mm:ss +0100"
            Assert.Equal(expected.ClosedAt, zero.ClosedAt);
            Assert.Equal(expected.Tags, zero.Tags);
            Assert.Equal(expected.CustomFields["Plan"], zero.CustomFields["Plan"]);
            Assert.IsType<decimal>(zero.CustomFields["Seats"]);
            Assert.Equal("[\"Pricing\",\"Integrations\"]", zero.CustomFields["Interests"]); // checkbox: a JSON-encoded string, as documented
            Assert.Equal("Sales", zero.Team!.Name);
            Assert.False(zero.Channel!.Discarded);
            Assert.Equal(expected.Bsuid, zero.Bsuid);
            Assert.Equal(expected.Note, zero.Note);
            Assert.True(zero.AdditionalFields!.ContainsKey("lifecycleStage"));
        }

        [Fact]
        public async Task A_request_without_the_token_gets_401()
        {
            using var http = new HttpClient();

            var response = await http.GetAsync(new Uri(Sandbox.BaseUri, "contacts"));

            Assert.Equal(401, (int)response.StatusCode);
        }

        [Fact]
        public async Task Past_its_budget_in_one_second_it_answers_429_with_retry_after_as_the_API_does()
        {
            using var limited = SandboxServer.Start(new SandboxOptions { Contacts = 5, RequestsPerSecond = 5 });
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", limited.Token);

            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => http.GetAsync(new Uri(limited.BaseUri, "contacts"))));

            Assert.Equal(5, answers.Count(a => (int)a.StatusCode == 200));
            var refused = answers.Where(a => (int)a.StatusCode == 429).ToList();
            Assert.Equal(3, refused.Count);
            Assert.All(refused, a => Assert.True(a.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
            Assert.Equal(3, limited.Journal.RateLimited);
        }

        [Fact]
        public void Uuids_are_32_lowercase_hex_and_decode_to_their_index()
        {
            foreach (var index in new[] { 0, 1, 999, 123456, int.MaxValue })
            {
                var uuid = ContactGenerator.UuidFor(index);
                Assert.Matches("^[0-9a-f]{32}$", uuid);
                Assert.Equal(index, ContactGenerator.IndexOfUuid(uuid));
            }

            Assert.Equal(-1, ContactGenerator.IndexOfUuid("414a6d692bd645ed803f2e7ce360d4c8"));
        }

        [Fact]
        public void Two_sandboxes_listen_on_different_ports_with_different_tokens()
        {
            using var other = SandboxServer.Start();

            Assert.NotEqual(Sandbox.Port, other.Port);
            Assert.NotEqual(Sandbox.Token, other.Token);
            Assert.StartsWith("test_", other.Token);
        }

        [Fact]
        public async Task A_request_saying_connection_close_is_answered_with_it_and_the_connection_ends()
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Sandbox.Port);
            var stream = client.GetStream();
            stream.ReadTimeout = 10_000;
            var request = System.Text.Encoding.ASCII.GetBytes("GET /v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Sandbox.Token + "\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(request, 0, request.Length);

            // Read to the end: only a server that closes lets this finish (bounded by the read timeout).
            var answer = await Task.Run(() => new System.IO.StreamReader(stream, System.Text.Encoding.ASCII).ReadToEnd());

            Assert.StartsWith("HTTP/1.1 200", answer);
            Assert.Contains("Connection: close\r\n", answer);
        }
    }
}
