using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Reliability
{
    /// <summary>A server that stalls ends in a timeout within the limit; cancellation ends it at once.</summary>
    [Collection(TimingCollection.Name)]
    public sealed class TimeoutTests : SandboxTest
    {
        [Fact]
        public async Task A_server_that_never_answers_ends_in_a_timeout_within_the_limit()
        {
            Sandbox.Faults.Add(FaultKind.NeverAnswer);
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Client(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxAttempts = 2; }).Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Equal(CallbellErrorKind.Timeout, error.Kind);
            Assert.Equal("Callbell.Timeout", error.ErrorId);
            Assert.Contains("timeout of 1 s", error.Message);
            Assert.Equal(2, error.Attempts);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "a hang, not a timeout: " + clock.Elapsed); // the bound that makes a hang fail
        }

        [Fact]
        public async Task A_body_dripped_a_byte_at_a_time_ends_in_a_timeout()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.DripBody) { Delay = TimeSpan.FromMilliseconds(50) });
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Client(o => { o.Timeout = TimeSpan.FromSeconds(1); o.MaxAttempts = 1; }).Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Equal(CallbellErrorKind.Timeout, error.Kind);
            Assert.Contains("timeout of 1 s", error.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "a hang, not a timeout: " + clock.Elapsed); // the bound that makes a hang fail
        }

        [Fact]
        public async Task Cancellation_ends_a_stalled_request_at_once()
        {
            Sandbox.Faults.Add(FaultKind.NeverAnswer);
            using var cancel = new CancellationTokenSource();
            var request = Client().Contacts.GetPageAsync(new ContactQuery(), 1, cancel.Token);
            await WhenArrived();
            var clock = Stopwatch.StartNew();

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), "took " + clock.Elapsed);
        }

        [Fact]
        public async Task A_post_that_timed_out_is_not_retried()
        {
            Sandbox.Faults.Add(FaultKind.NeverAnswer);
            var connection = Connect(o => { o.Timeout = TimeSpan.FromMilliseconds(500); o.MaxAttempts = 5; });

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                connection.SendAsync(Callbell.Http.ApiRequest.Post("messages/send").WithBody(new Callbell.Http.JsonBody()), null, default));

            Assert.Equal(1, error.Attempts);
            Assert.Equal(1, Sandbox.Journal.Count);
            Assert.Contains("not retried", error.Message);
        }

        /// <summary>Waits until the request is at the sandbox (bounded), instead of guessing with a sleep.</summary>
        private async Task WhenArrived()
        {
            var bound = Stopwatch.StartNew();
            while (Sandbox.Journal.InFlight == 0)
            {
                Assert.True(bound.Elapsed < TimeSpan.FromSeconds(10), "the request never reached the sandbox");
                await Task.Delay(5);
            }
        }
    }
}
