using System;
using System.Linq;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Messages;
using Callbell.Sandbox.Data;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Http
{
    /// <summary>
    /// What a failed request says about itself: how far it got (never sent, may have reached the
    /// server, answered with a status), decided where it happened, never from message text.
    /// </summary>
    public sealed class FailureFactsTests : SandboxTest
    {
        private const string Whatsapp = "b1a2c3d4e5f60718293a4b5c6d7e8f90";

        [Fact]
        public async Task A_send_answered_with_a_5xx_is_answered_and_may_have_taken_effect()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.ServerError) { Method = "POST", Path = "/v1/messages/send", Times = 1 });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Messages.SendAsync(Draft()));

            Assert.Equal(RequestDelivery.Answered, error.Delivery);
            Assert.Equal(500, error.StatusCode);
            Assert.True(error.MayHaveTakenEffect);
        }

        [Fact]
        public async Task A_send_whose_connection_dropped_after_the_request_is_unknown()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.DropAfterRequest) { Method = "POST", Path = "/v1/messages/send", Times = 1 });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Messages.SendAsync(Draft()));

            Assert.Equal(RequestDelivery.Unknown, error.Delivery);
            Assert.Null(error.StatusCode);
            Assert.True(error.MayHaveTakenEffect);
        }

        [Fact]
        public async Task A_rejected_request_and_a_402_did_not_take_effect()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.ApiError) { Method = "POST", Path = "/v1/messages/send", Times = 1, Status = 402, Message = "credit", Code = "whatsapp_wallet_depleted_credit" });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Messages.SendAsync(Draft()));

            Assert.Equal(RequestDelivery.Answered, error.Delivery);
            Assert.Equal(402, error.StatusCode);
            Assert.Equal("whatsapp_wallet_depleted_credit", error.ErrorCode);
            Assert.False(error.MayHaveTakenEffect);
        }

        [Fact]
        public async Task Bad_input_caught_before_any_request_was_never_sent()
        {
            var error = await Assert.ThrowsAnyAsync<CallbellException>(() => Client().Contacts.GetAsync("a/b"));

            Assert.Equal(RequestDelivery.NotSent, error.Delivery);
            Assert.False(error.MayHaveTakenEffect);
            Assert.Equal(0, Sandbox.Journal.Count);
        }

        [Fact]
        public async Task A_delete_whose_first_attempt_got_a_5xx_and_whose_retry_finds_nothing_is_taken_as_done_with_a_warning()
        {
            var uuid = ContactGenerator.UuidFor(3);
            Sandbox.Faults.Add(new FaultRule(FaultKind.ServerErrorAfterActing) { Method = "DELETE", Times = 1, Status = 502 });
            var log = new RecordingObserver();

            await Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1), log).Contacts.DeleteAsync(uuid);

            Assert.Equal(2, Sandbox.Journal.Requests.Count(r => r.Method == "DELETE"));
            var warning = Assert.Single(log.Entries, e => e.Warning != null).Warning!;
            Assert.Contains("most likely deleted", warning);
            Assert.Equal(CallbellErrorKind.NotFound, (await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.GetAsync(uuid))).Kind);
        }

        [Fact]
        public async Task A_delete_of_something_that_never_existed_is_still_not_found()
        {
            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client().Contacts.DeleteAsync("0000bbbb0000bbbb0000bbbb0000bbbb"));

            Assert.Equal(CallbellErrorKind.NotFound, error.Kind);
        }

        [Theory]
        [InlineData(FaultKind.HtmlPage)]
        [InlineData(FaultKind.WrongContentType)]
        public async Task An_unusable_answer_is_an_attempt_like_any_other_logged_and_counted(FaultKind kind)
        {
            Sandbox.Faults.Add(kind);
            var log = new RecordingObserver();

            var error = await Assert.ThrowsAsync<CallbellApiException>(() => Client(observer: log).Contacts.GetPageAsync(new ContactQuery(), 1));

            var attempt = Assert.Single(log.Entries);
            Assert.Equal(200, attempt.StatusCode);
            Assert.Equal("unusable response", attempt.Failure);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(RequestDelivery.Answered, error.Delivery);
        }

        private static MessageDraft Draft() => new MessageDraft { To = "+393330000009", Text = "Hello", ChannelUuid = Whatsapp };
    }
}
