using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>What a failure nobody watched leaves behind: every attempt, its headers and body starts, masked.</summary>
    public sealed class RequestHistoryTests : SandboxTest
    {
        [Fact]
        public async Task Every_attempt_is_kept_with_its_error_id_and_rate_limit_headers_retries_included()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.RateLimit) { Times = 1, RetryAfter = TimeSpan.FromMilliseconds(50) });
            var connection = Connect();

            await new CallbellClient(connection).Plan.GetAsync();

            var attempts = RequestHistory.Last(10, connection.Account);
            Assert.Equal(2, attempts.Count);
            Assert.Equal(429, attempts[0].StatusCode);
            Assert.Equal("Callbell.RateLimited.429", attempts[0].ErrorId);
            Assert.Contains("Retry-After=", attempts[0].RateLimit);
            Assert.Equal(200, attempts[1].StatusCode);
            Assert.Null(attempts[1].ErrorId);
            Assert.True(attempts[0].StartedAt <= attempts[1].StartedAt);
        }

        [Fact]
        public async Task Headers_and_bodies_are_masked_the_token_and_api_key_never_shown()
        {
            var observer = new RecordingObserver();
            var connection = Connect();

            await new CallbellClient(connection, observer).Auth.GetCurrentUserAsync();

            var entry = observer.Entries.Single();
            var debug = entry.ToDebugString();
            Assert.Equal("Bearer " + connection.Token.Masked, entry.RequestHeaders["Authorization"]);
            Assert.Contains("\"api_key\":\"********\"", entry.ResponseBody);
            Assert.Contains("Content-Type", entry.ResponseHeaders.Keys);
            Assert.DoesNotContain(Sandbox.Token, debug);
            Assert.Contains("< {", debug);
        }

        [Fact]
        public async Task An_attempt_read_later_shows_its_own_answer_not_what_later_reads_left_in_the_buffers()
        {
            // The detail is formatted when first read: by then the response's pooled buffer has
            // gone back and served other answers.
            var observer = new RecordingObserver();
            var connection = Connect();
            var client = new CallbellClient(connection, observer);
            var first = (await client.Contacts.GetPageAsync(new Callbell.Contacts.ContactQuery(), 1)).Items[0];
            for (var i = 0; i < 3; i++)
            {
                await client.Auth.GetCurrentUserAsync();
            }

            var entry = observer.Entries[0];
            Assert.Contains("\"uuid\":\"" + first.Uuid + "\"", entry.ResponseBody);
            Assert.DoesNotContain("api_key", entry.ResponseBody);
            Assert.Contains("/contacts", entry.ToString());
        }

        [Fact]
        public void A_body_preview_cut_inside_a_secret_still_masks_it()
        {
            var token = ApiToken.Parse("test_previewtokenvalue123");
            var json = "{\"padding\":\"" + new string('x', AttemptDetail.PreviewChars - 30) + "\",\"api_key\":\"SECRETSECRETSECRETSECRETSECRETSECRET\"}";
            var bytes = Encoding.UTF8.GetBytes(json);

            var preview = AttemptDetail.Preview(bytes, bytes.Length, token);

            Assert.DoesNotContain("SECRET", preview);
            Assert.Contains("(" + bytes.Length + " bytes)", preview);
        }

        [Fact]
        public async Task The_log_is_bounded_keeping_the_newest_attempts()
        {
            var connection = Connect();
            var client = new CallbellClient(connection);
            for (var i = 0; i < 12; i++)
            {
                await client.Plan.GetAsync();
            }

            var newest = RequestHistory.Last(5, connection.Account);
            var all = RequestHistory.Last(RequestHistory.Capacity + 100, connection.Account);

            Assert.Equal(5, newest.Count);
            Assert.Equal(12, all.Count);
            Assert.Equal(all.Skip(7).Select(e => e.StartedAt), newest.Select(e => e.StartedAt));
        }

        [Fact]
        public async Task An_api_error_carries_the_answers_headers()
        {
            var client = new CallbellClient(Connect());

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => client.Contacts.GetAsync("00000000000000000000000000000000"));

            Assert.Equal(404, error.StatusCode);
            Assert.Contains(error.ResponseHeaders.Keys, k => k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        }
    }
}
