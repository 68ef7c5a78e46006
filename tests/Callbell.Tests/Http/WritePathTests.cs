using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Json;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>The write path over real HTTP: builders, the body's omit/null/empty rules, and what may be repeated.</summary>
    public sealed class WritePathTests : SandboxTest
    {
        [Fact]
        public void Each_builder_has_its_verb_and_a_safe_to_repeat_default_from_it()
        {
            Assert.Equal(("GET", true), (ApiRequest.Get("contacts").Method.Method, ApiRequest.Get("contacts").SafeToRepeat));
            Assert.Equal(("POST", false), (ApiRequest.Post("messages/send").Method.Method, ApiRequest.Post("messages/send").SafeToRepeat));
            Assert.Equal(("PUT", true), (ApiRequest.Put("users/x/status").Method.Method, ApiRequest.Put("users/x/status").SafeToRepeat));
            Assert.Equal(("PATCH", true), (ApiRequest.Patch("teams/x").Method.Method, ApiRequest.Patch("teams/x").SafeToRepeat));
            Assert.Equal(("DELETE", true), (ApiRequest.Delete("webhooks/unsubscribe").Method.Method, ApiRequest.Delete("webhooks/unsubscribe").SafeToRepeat));
            Assert.True(ApiRequest.Post("contacts").Segment("abc", "Uuid").Then("conversation/close").Idempotent().SafeToRepeat);
            Assert.Equal("POST contacts/{Uuid}/conversation/close", ApiRequest.Post("contacts").Segment("abc", "Uuid").Then("conversation/close").Route);
        }

        [Fact]
        public void The_body_omits_unset_keys_sends_explicit_null_and_keeps_empty_values()
        {
            var body = new JsonBody()
                .Set("name", null)
                .Null("custom_status_uuid")
                .Set("note", string.Empty)
                .Set("tags", new string[0])
                .Set("available", false)
                .Set("custom_fields", new System.Collections.Hashtable { ["Seats"] = "42" });

            Assert.Equal("{\"custom_status_uuid\":null,\"note\":\"\",\"tags\":[],\"available\":false,\"custom_fields\":{\"Seats\":\"42\"}}", body.ToString());
            Assert.DoesNotContain("name", body.Keys);
        }

        [Fact]
        public async Task A_body_reaches_the_server_as_json_with_the_exact_bytes()
        {
            var connection = Connect();
            var uuid = Callbell.Sandbox.Data.ContactGenerator.UuidFor(3);

            using var response = await connection.SendAsync(ApiRequest.Patch("contacts").Segment(uuid, "Uuid").WithBody(new JsonBody().Set("note", string.Empty).Set("tags", new[] { "vip" })), null, default);

            var sent = Sandbox.Journal.Requests.Single();
            Assert.Equal("PATCH", sent.Method);
            Assert.Equal("{\"note\":\"\",\"tags\":[\"vip\"]}", Encoding.UTF8.GetString(sent.Body));
            Assert.StartsWith("application/json", sent.Headers["Content-Type"]);
            Assert.False(sent.Headers.ContainsKey("Expect"));
            var after = await new CallbellClient(connection).Contacts.GetAsync(uuid);
            Assert.Null(after.Note); // "" cleared it
            Assert.Equal(new[] { "vip" }, after.Tags);
        }

        [Fact]
        public async Task A_post_that_may_have_arrived_is_not_retried_but_one_marked_idempotent_is()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Method = "POST", Times = 1 });
            var connection = Connect();
            var uuid = Callbell.Sandbox.Data.ContactGenerator.UuidFor(4);

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                connection.SendAsync(ApiRequest.Post("contacts").Segment(uuid, "Uuid").Then("conversation/note").WithBody(new JsonBody().Set("text", "hi")), null, default));
            Assert.Contains("not retried", error.Message);

            Sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Method = "POST", Times = 1 });
            using var closed = await connection.SendAsync(ApiRequest.Post("contacts").Segment(uuid, "Uuid").Then("conversation/close").Idempotent(), null, default);
            Assert.Equal(2, Sandbox.Journal.Requests.Count(r => r.Path.EndsWith("/close", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_post_whose_connection_was_refused_never_left_and_is_retried()
        {
            // A port bound but never listening: the connection is refused before a byte is sent,
            // and no other test's server can take the port meanwhile (a freed port could be).
            using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)bound.LocalEndPoint!).Port;
            var log = new RecordingObserver();
            var connection = new CallbellConnection(new CallbellConnectionOptions
            {
                BaseUri = new Uri("http://127.0.0.1:" + port + "/v1/"),
                Token = ApiToken.Parse(Sandbox.Token),
                MaxAttempts = 3,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                RetryMaxDelay = TimeSpan.FromMilliseconds(20),
            });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => connection.SendAsync(ApiRequest.Post("messages/send").WithBody(new JsonBody()), log, default));

            Assert.Equal(3, error.Attempts);
            Assert.Contains("before the request was sent", error.Message);
            Assert.All(log.Entries, e => Assert.Equal("connection refused", e.Failure));
        }

        [Fact]
        public async Task Status_bodies_and_empty_bodies_are_results()
        {
            var client = Client();
            var connection = client.Connection;
            var uuid = Callbell.Sandbox.Data.ContactGenerator.UuidFor(5);

            using var deleted = await connection.SendAsync(ApiRequest.Delete("contacts").Segment(uuid, "Uuid"), null, default);
            var status = ResponseReader.ReadStatus(deleted);
            using var cleared = await connection.SendAsync(ApiRequest.Delete("users").Segment("a1b2c3d4e5f60718293a4b5c6d7e8f01", "UserUuid").Then("status"), null, default);
            var empty = ResponseReader.ReadStatus(cleared);

            Assert.Equal("contact was destroyed", status.Status);
            Assert.Equal(0, cleared.Length);
            Assert.True(empty.Success);
            Assert.Equal(200, empty.StatusCode);
            await Assert.ThrowsAsync<CallbellApiException>(() => client.Contacts.GetAsync(uuid)); // the delete shows in later reads
        }
    }
}
