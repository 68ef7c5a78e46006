using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Callbell.Http
{
    /// <summary>
    /// The retry loop: rate limit, send with a per-attempt deadline, read a bounded body, classify
    /// the outcome, wait, try again or fail with everything a person needs to act.
    /// </summary>
    internal sealed class RequestSender
    {
        private const int ErrorBodyBytes = 64 * 1024;
        private const int ErrorBodyChars = 1000;

        private readonly HttpClient _http;
        private readonly CallbellConnectionOptions _options;
        private readonly RetryPolicy _retry;
        private readonly RequestRateLimiter _limiter;
        private readonly ApiToken _token;

        public RequestSender(HttpClient http, CallbellConnectionOptions options, RetryPolicy retry, RequestRateLimiter limiter, ApiToken token)
        {
            _http = http;
            _options = options;
            _retry = retry;
            _limiter = limiter;
            _token = token;
        }

        public async Task<ApiResponse> SendAsync(ApiRequest request, IRequestObserver? observer, CancellationToken cancellationToken)
        {
            var uri = request.ResolveAgainst(_options.BaseUri, _options.MaxUrlLength);
            var method = request.Method.Method;
            var idempotent = request.SafeToRepeat;
            var body = request.Body?.ToBytes();
            var waited = TimeSpan.Zero;
            var mayHaveActed = false;

            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var queued = Stopwatch.StartNew();
                Outcome outcome;
                TimeSpan rateWait;
                var clock = new Stopwatch();
                using (await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false))
                {
                    rateWait = queued.Elapsed;
                    SendHook.Sending();
                    clock.Start();
                    outcome = await AttemptAsync(request, uri, body, cancellationToken).ConfigureAwait(false);
                }

                if (outcome.Response != null)
                {
                    observer?.OnRequest(new RequestLogEntry(method, uri, outcome.Response.StatusCode, clock.Elapsed, attempt, _retry.MaxAttempts, null, null) { RateWait = rateWait });
                    return outcome.Response;
                }

                var failure = outcome.Failure!;
                if (mayHaveActed && failure.StatusCode == 404 && request.Method == HttpMethod.Delete)
                {
                    // An earlier attempt may have deleted it: the retry finding nothing is what a
                    // delete that worked the first time looks like.
                    var warning = method + " " + uri.AbsoluteUri + ": an earlier attempt got no usable answer and this one found nothing to delete; the first attempt most likely deleted it.";
                    observer?.OnRequest(new RequestLogEntry(method, uri, failure.StatusCode, clock.Elapsed, attempt, _retry.MaxAttempts, null, null) { RateWait = rateWait, Warning = warning });
                    return ApiResponse.Empty(204, uri, method);
                }

                var retryable = failure.RetryableForAll || (failure.Transient && idempotent);
                var delay = failure.RetryAfter ?? _retry.Backoff(attempt);
                var giveUp = !retryable || attempt >= _retry.MaxAttempts || waited + delay > _retry.MaxTotalWait;
                mayHaveActed |= failure.Delivery == RequestDelivery.Unknown || (failure.StatusCode >= 500);

                if (failure.StatusCode == 429 && !giveUp)
                {
                    // Every caller of this account holds back, not only this one; set before
                    // anyone (the log included) hears of the 429.
                    _limiter.Pause(delay);
                }

                observer?.OnRequest(new RequestLogEntry(method, uri, failure.StatusCode, clock.Elapsed, attempt, _retry.MaxAttempts, failure.Summary, giveUp ? (TimeSpan?)null : delay) { RateWait = rateWait });
                if (giveUp)
                {
                    var detail = failure.Detail;
                    if (failure.Transient && !idempotent && !failure.RetryableForAll)
                    {
                        detail += " It was not retried: a " + method + " may already have reached the server, and repeating it could act twice.";
                    }
                    else if (retryable && attempt < _retry.MaxAttempts)
                    {
                        detail += " Gave up: the next wait (" + delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s) would exceed the retry budget of " + _retry.MaxTotalWait.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.";
                    }

                    // A later attempt answered, but an earlier one may already have acted.
                    var delivery = mayHaveActed && failure.Delivery == RequestDelivery.Answered && failure.StatusCode < 500 ? RequestDelivery.Unknown : failure.Delivery;
                    throw new CallbellApiException(failure.Kind, method, uri, failure.StatusCode, failure.Body, attempt, detail, failure.Exception, failure.Error, delivery);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
            }
        }

        private async Task<Outcome> AttemptAsync(ApiRequest request, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCancellation.CancelAfter(_options.Timeout);
            var token = attemptCancellation.Token;
            HttpResponseMessage? response = null;
            try
            {
                using var message = new HttpRequestMessage(request.Method, uri);
                if (body != null)
                {
                    message.Content = new ByteArrayContent(body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }

                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);

                // A body that stalls must still end at the deadline, on every runtime.
                using var abort = token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response);
                var status = (int)response.StatusCode;
                if (status >= 200 && status < 300)
                {
                    try
                    {
                        return Outcome.Success(await ReadSuccessAsync(response, request, uri, token).ConfigureAwait(false));
                    }
                    catch (UnusableResponse unusable)
                    {
                        // Not JSON, or too large: an attempt like any other, logged and counted.
                        return Outcome.Fail(new Failure(CallbellErrorKind.InvalidResponse, status, unusable.Body, unusable.Message, transient: false) { Summary = "unusable response" });
                    }
                }

                if (status >= 300 && status < 400)
                {
                    var target = response.Headers.Location;
                    return Outcome.Fail(new Failure(CallbellErrorKind.InvalidResponse, status, null,
                        "The server answered with a redirect" + (target != null ? " to " + Describe(target, uri) : string.Empty) + ", which is not followed so the token is never sent to another address. Check BaseUri.",
                        transient: false));
                }

                var (errorBytes, errorLength) = await ReadErrorBodyAsync(response, token).ConfigureAwait(false);

                // Redacted before anything reads it: some servers echo the Authorization header.
                var raw = errorLength == 0 ? null : _token.Redact(Encoding.UTF8.GetString(errorBytes, 0, errorLength));
                var error = ApiErrorBody.TryParse(raw);
                var text = raw is null ? null : Clean(raw);
                if (status == 429)
                {
                    var wait = RetryPolicy.RetryAfter(response.Headers, DateTimeOffset.UtcNow);
                    return Outcome.Fail(new Failure(CallbellErrorKind.RateLimited, status, text,
                        "The account's rate limit was exceeded" + (wait.HasValue ? " (Retry-After " + wait.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s)." : "."),
                        transient: true) { RetryableForAll = true, RetryAfter = wait, Error = error });
                }

                if (status >= 500)
                {
                    return Outcome.Fail(new Failure(CallbellErrorKind.ServerError, status, text, "The server had an error.", transient: true) { Error = error });
                }

                return Outcome.Fail(new Failure(KindFor(status), status, text, HintFor(status, error), transient: false) { Error = error });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (attemptCancellation.IsCancellationRequested && IsNetworkOrCancel(ex))
            {
                return Outcome.Fail(new Failure(CallbellErrorKind.Timeout, null, null,
                    "No complete answer within the timeout of " + _options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.", transient: true)
                { Exception = ex, Summary = "timed out", Delivery = RequestDelivery.Unknown });
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
            {
                var neverSent = NeverSent(ex);
                return Outcome.Fail(new Failure(CallbellErrorKind.Connection, null, null,
                    "The connection failed" + (neverSent ? " before the request was sent" : string.Empty) + ": " + _token.Redact(Flatten(ex)), transient: true)
                { Exception = ex, Summary = neverSent ? "connection refused" : "connection failed", RetryableForAll = neverSent, Delivery = neverSent ? RequestDelivery.NotSent : RequestDelivery.Unknown });
            }
            finally
            {
                response?.Dispose();
            }
        }

        private async Task<ApiResponse> ReadSuccessAsync(HttpResponseMessage response, ApiRequest request, Uri uri, CancellationToken token)
        {
            var (buffer, length) = await ReadBoundedAsync(response.Content, _options.MaxResponseBytes, request, uri, (int)response.StatusCode, token).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (length > 0 && mediaType != null && !IsJson(mediaType))
            {
                var preview = Preview(buffer, length);
                ArrayPool<byte>.Shared.Return(buffer);
                throw new UnusableResponse(preview,
                    "Expected JSON but the server sent '" + mediaType + "'. Is BaseUri pointing at the Callbell API (https://api.callbell.eu/v1)?");
            }

            return new ApiResponse((int)response.StatusCode, buffer, length, uri, request.Method.Method, _token);
        }

        private static async Task<(byte[] Buffer, int Length)> ReadBoundedAsync(HttpContent content, long maxBytes, ApiRequest request, Uri uri, int status, CancellationToken token)
        {
            var max = (int)Math.Min(maxBytes, int.MaxValue - 64);
            var declared = content.Headers.ContentLength;
            if (declared > max)
            {
                throw TooLarge(request, uri, status, max);
            }

            if (declared == 0)
            {
                return (Array.Empty<byte>(), 0);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(declared.HasValue ? (int)declared.Value + 1 : 16 * 1024);
            var length = 0;
            try
            {
#if NET8_0_OR_GREATER
                using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
#else
                using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length >= max)
                        {
                            throw TooLarge(request, uri, status, max);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max));
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer, length, Math.Min(buffer.Length, max + 1) - length, token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > max)
                    {
                        throw TooLarge(request, uri, status, max);
                    }
                }

                return (buffer, length);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }

        private static async Task<(byte[] Bytes, int Length)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken token)
        {
#if NET8_0_OR_GREATER
            using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
#else
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            var buffer = new byte[ErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer, length, buffer.Length - length, token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return (buffer, length);
        }

        /// <summary>True when the connection was refused or unreachable: the request never left, so any method may retry.</summary>
        private static bool NeverSent(Exception ex)
        {
            for (var inner = ex; inner != null; inner = inner.InnerException)
            {
                if (inner is System.Net.Sockets.SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case System.Net.Sockets.SocketError.ConnectionRefused:
                        case System.Net.Sockets.SocketError.HostUnreachable:
                        case System.Net.Sockets.SocketError.NetworkUnreachable:
                        case System.Net.Sockets.SocketError.HostNotFound:
                            return true;
                    }
                }
            }

            return false;
        }

        private string Clean(string text) => MessageText.From(text, _token, ErrorBodyChars);

        private string Preview(byte[] buffer, int length) => Clean(Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 2000)));

        private static UnusableResponse TooLarge(ApiRequest request, Uri uri, int status, int max) =>
            new UnusableResponse(null,
                "The response is larger than MaxResponseBytes (" + max + " bytes) and was not read. Raise the limit with Connect-Callbell -MaxResponseBytes if this is expected.");

        private static bool IsJson(string mediaType) =>
            mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

        private static bool IsNetworkOrCancel(Exception ex) =>
            ex is OperationCanceledException || ex is HttpRequestException || ex is IOException || ex is ObjectDisposedException;

        private static string Describe(Uri target, Uri from)
        {
            var absolute = target.IsAbsoluteUri ? target : new Uri(from, target);
            return absolute.GetLeftPart(UriPartial.Path);
        }

        private static string Flatten(Exception ex)
        {
            var text = ex.Message;
            for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
            {
                text += " " + inner.Message;
            }

            return text;
        }

        private static CallbellErrorKind KindFor(int status)
        {
            switch (status)
            {
                case 401: return CallbellErrorKind.Authentication;
                case 403: return CallbellErrorKind.PermissionDenied;
                case 404: return CallbellErrorKind.NotFound;
                default: return CallbellErrorKind.InvalidRequest;
            }
        }

        private static string HintFor(int status, ApiErrorBody? error)
        {
            if (error?.ParameterErrors.Count > 0)
            {
                return "The server rejected these parameters.";
            }

            switch (status)
            {
                case 401: return "The token was refused. Check it, or create a new one in Callbell (API Settings > Keys) and run Connect-Callbell again.";
                case 403: return "The token is not allowed to do this.";
                case 402: return "The account cannot pay for this (for template sends: the WhatsApp credit is used up).";
                case 404: return "Not found.";
                default: return "The server rejected the request.";
            }
        }

        /// <summary>A 2xx answer that cannot be used (not JSON, too large): becomes a failed attempt.</summary>
        private sealed class UnusableResponse : Exception
        {
            public UnusableResponse(string? body, string detail)
                : base(detail)
            {
                Body = body;
            }

            public string? Body { get; }
        }

        private sealed class Failure
        {
            public Failure(CallbellErrorKind kind, int? statusCode, string? body, string detail, bool transient)
            {
                Kind = kind;
                StatusCode = statusCode;
                Body = body;
                Detail = detail;
                Transient = transient;
                Summary = statusCode.HasValue ? null : kind.ToString();
                Delivery = statusCode.HasValue ? RequestDelivery.Answered : RequestDelivery.Unknown;
            }

            /// <summary>How far the request got (see <see cref="RequestDelivery"/>).</summary>
            public RequestDelivery Delivery { get; set; }

            public CallbellErrorKind Kind { get; }

            public int? StatusCode { get; }

            public string? Body { get; }

            public string Detail { get; }

            /// <summary>Worth retrying when the method is idempotent.</summary>
            public bool Transient { get; }

            /// <summary>Worth retrying whatever the method (429: the server did not act).</summary>
            public bool RetryableForAll { get; set; }

            public TimeSpan? RetryAfter { get; set; }

            public Exception? Exception { get; set; }

            public string? Summary { get; set; }

            public ApiErrorBody? Error { get; set; }
        }

        private readonly struct Outcome
        {
            private Outcome(ApiResponse? response, Failure? failure)
            {
                Response = response;
                Failure = failure;
            }

            public ApiResponse? Response { get; }

            public Failure? Failure { get; }

            public static Outcome Success(ApiResponse response) => new Outcome(response, null);

            public static Outcome Fail(Failure failure) => new Outcome(null, failure);
        }
    }
}
