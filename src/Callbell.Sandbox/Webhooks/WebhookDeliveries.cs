using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Sandbox.Data;

namespace Callbell.Sandbox.Webhooks
{
    /// <summary>
    /// Posts events to the account's webhook as Callbell does: <c>{"event", "payload"}</c>, signed
    /// with X-Callbell-Signature when the sandbox has a secret (re-signed on every retry), one at a
    /// time in the order they happened, a non-2xx answer or a refused connection retried with
    /// backoff, and every attempt written to the delivery log GET /webhooks/events lists.
    /// Off unless <see cref="SandboxOptions.DeliverWebhooks"/>: the signing is written here, apart
    /// from the client library, so the sandbox checks the library rather than agreeing with it.
    /// </summary>
    public sealed class WebhookDeliveries : IDisposable
    {
        private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);

        private readonly SandboxState _state;
        private readonly ConcurrentQueue<(string Url, JsonObject Body)> _queue = new ConcurrentQueue<(string, JsonObject)>();
        private readonly SemaphoreSlim _queued = new SemaphoreSlim(0);
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _worker;
        private int _pending;

        internal WebhookDeliveries(SandboxState state)
        {
            _state = state;
            _worker = Task.Run(DeliverAsync);
        }

        /// <summary>Attempts per event before the sandbox gives up on it (Callbell's own schedule is longer).</summary>
        public int MaxAttempts { get; set; } = 7;

        /// <summary>After each attempt, with its log entry: lets a test wait for a delivery instead of sleeping.</summary>
        public event Action<JsonObject>? Attempted;

        /// <summary>Events raised and not yet delivered or given up.</summary>
        public int Pending => Volatile.Read(ref _pending);

        /// <summary>Queues <paramref name="name"/> for the webhook, if there is one, it subscribes to the event, and delivery is on.</summary>
        internal void Raise(string name, JsonObject payload)
        {
            string? url;
            lock (_state)
            {
                var webhook = _state.Webhook;
                url = (string?)webhook?["url"];
                if (!_state.Options.DeliverWebhooks || url is null || !(webhook!["subscriptions"] is JsonArray subscriptions) || !subscriptions.Any(s => (string?)s == name))
                {
                    return;
                }
            }

            Interlocked.Increment(ref _pending);
            _queue.Enqueue((url, new JsonObject { ["event"] = name, ["payload"] = payload }));
            _queued.Release();
        }

        /// <summary>A contact as events carry it: partial, without custom fields, assigned user or team.</summary>
        internal static JsonObject Contact(SandboxContact c) => new JsonObject
        {
            ["uuid"] = c.Uuid,
            ["name"] = c.Name,
            ["phoneNumber"] = c.PhoneNumber,
            ["source"] = c.Source,
            ["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode?)t).ToArray()),
            ["avatarUrl"] = null,
            ["href"] = "https://dash.callbell.eu/contacts/" + c.Uuid,
            ["conversationHref"] = "https://dash.callbell.eu/chat/" + c.Uuid,
            ["createdAt"] = Date(c.CreatedAt),
        };

        internal static string Date(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _worker.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            _http.Dispose();
            _queued.Dispose();
            _stop.Dispose();
        }

        // Waits without holding a thread: every sandbox has this loop, most never deliver anything.
        private async Task DeliverAsync()
        {
            try
            {
                while (true)
                {
                    await _queued.WaitAsync(_stop.Token).ConfigureAwait(false);
                    _queue.TryDequeue(out var next);
                    var (url, body) = next;
                    var text = body.ToJsonString();
                    var wait = FirstRetry;
                    for (var attempt = 1; attempt <= MaxAttempts; attempt++)
                    {
                        if (await AttemptAsync(url, (string)body["event"]!, text, body["payload"]!).ConfigureAwait(false))
                        {
                            break;
                        }

                        if (attempt < MaxAttempts)
                        {
                            await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
                        }
                    }

                    Interlocked.Decrement(ref _pending);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task<bool> AttemptAsync(string url, string name, string text, JsonNode payload)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
            if (_state.Options.WebhookSecret is string secret)
            {
                request.Headers.TryAddWithoutValidation("X-Callbell-Signature", Sign(text, secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            }

            int code;
            string answer;
            try
            {
                using var response = await _http.SendAsync(request, _stop.Token).ConfigureAwait(false);
                code = (int)response.StatusCode;
                answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !_stop.IsCancellationRequested))
            {
                code = 0;
                answer = ex.Message;
            }

            var entry = new JsonObject
            {
                ["event"] = name,
                ["payload"] = payload.DeepClone(),
                ["response"] = new JsonObject { ["body"] = answer, ["code"] = code, ["headers"] = new JsonObject() },
                ["success"] = code == 200,
                ["createdAt"] = Date(DateTimeOffset.UtcNow),
            };
            lock (_state)
            {
                _state.WebhookEvents.Add(entry);
            }

            Attempted?.Invoke(entry);

            return code >= 200 && code < 300;
        }

        private static string Sign(string body, string secret, long seconds)
        {
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + "." + body));
            return "t=" + seconds.ToString(CultureInfo.InvariantCulture) + ",v1=" + string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
