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
using Callbell.RateLimits;

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
        private readonly Func<RequestRateLimiter> _limiter;
        private readonly ApiToken _token;
        private readonly string _account;

        public RequestSender(HttpClient http, CallbellConnectionOptions options, RetryPolicy retry, Func<RequestRateLimiter> limiter, ApiToken token, string account)
        {
            _account = account;
            _http = http;
            _options = options;
            _retry = retry;
            _limiter = limiter;
            _token = token;
        }

        public async Task<ApiResponse> SendAsync(ApiRequest request, IRequestObserver? observer, object flow, CancellationToken cancellationToken)
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
                DateTimeOffset startedAt;
                var limiter = _limiter();
                long leftAt;
                using (var lease = await limiter.AcquireAsync(flow, cancellationToken).ConfigureAwait(false))
                {
                    rateWait = queued.Elapsed;
                    await SendHook.SendingAsync().ConfigureAwait(false);
                    leftAt = lease.Leaving();
                    startedAt = DateTimeOffset.Now;
                    clock.Start();
                    outcome = await AttemptAsync(request, uri, body, cancellationToken).ConfigureAwait(false);
                }

                RequestLogEntry Logged(int? status, string? summary, TimeSpan? retryDelay, string? errorId, string? warning = null)
                {
                    var entry = new RequestLogEntry(method, uri, status, clock.Elapsed, attempt, _retry.MaxAttempts, summary, retryDelay)
                    {
                        RateWait = rateWait,
                        Warning = warning,
                        StartedAt = startedAt,
                        ErrorId = errorId,
                        Detail = outcome.Detail,
                        Account = _account,
                        Session = RequestSession.Current,
                    };
                    RequestHistory.Record(entry);
                    observer?.OnRequest(entry);
                    return entry;
                }

                if (outcome.Response != null)
                {
                    Logged(outcome.Response.StatusCode, null, null, null);
                    return outcome.Response;
                }

                var failure = outcome.Failure!;
                if (mayHaveActed && failure.StatusCode == 404 && request.Method == HttpMethod.Delete)
                {
                    // An earlier attempt may have deleted it: the retry finding nothing is what a
                    // delete that worked the first time looks like.
                    var warning = method + " " + uri.AbsoluteUri + ": an earlier attempt got no usable answer and this one found nothing to delete; the first attempt most likely deleted it.";
                    Logged(failure.StatusCode, null, null, null, warning);
                    return ApiResponse.Empty(204, uri, method);
                }

                var retryable = failure.RetryableForAll || (failure.Transient && idempotent);
                // The larger of the server's Retry-After and the backoff: "Retry-After: 0" must not
                // turn into a tight loop against a server that is struggling.
                var backoff = _retry.Backoff(attempt);
                var delay = failure.RetryAfter.HasValue && failure.RetryAfter.Value > backoff ? failure.RetryAfter.Value : backoff;
                var giveUp = !retryable || attempt >= _retry.MaxAttempts || waited + delay > _retry.MaxTotalWait;
                mayHaveActed |= failure.Delivery == RequestDelivery.Unknown || (failure.StatusCode >= 500);

                if (failure.StatusCode == 429 && !giveUp)
                {
                    // Every caller of this account holds back, not only this one; set before
                    // anyone (the log included) hears of the 429.
                    limiter.Refused(leftAt, delay);
                }

                Logged(failure.StatusCode, failure.Summary, giveUp ? (TimeSpan?)null : delay, CallbellApiException.ErrorIdFor(failure.Kind, failure.StatusCode, failure.Error?.Code ?? failure.Code));
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
                    throw new CallbellApiException(failure.Kind, method, uri, failure.StatusCode, failure.Body, attempt, detail, failure.Exception, failure.Error, delivery, failure.Code)
                    {
                        ResponseHeaders = outcome.Detail.ResponseHeaderValues ?? CallbellApiException.NoHeaders,
                    };
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
            var detail = new AttemptDetail(_token);
            HttpResponseMessage? response = null;
            try
            {
                using var message = new HttpRequestMessage(request.Method, uri);
                if (body != null)
                {
                    message.Content = new ByteArrayContent(body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }

                detail.Sent(message, _http.DefaultRequestHeaders, body);
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                detail.Received(response);

                // A body that stalls must still end at the deadline, on every runtime.
                using var abort = token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response);
                var status = (int)response.StatusCode;
                if (status >= 200 && status < 300)
                {
                    try
                    {
                        var answer = await ReadSuccessAsync(response, request, uri, token).ConfigureAwait(false);
                        detail.ReceivedBody(answer.Body, answer.Length);
                        return Outcome.Success(answer, detail);
                    }
                    catch (UnusableResponse unusable)
                    {
                        // Not JSON, or too large: an attempt like any other, logged and counted.
                        detail.ReceivedText(unusable.Body);
                        return Outcome.Fail(new Failure(CallbellErrorKind.InvalidResponse, status, unusable.Body, unusable.Message, transient: false) { Summary = "unusable response" }, detail);
                    }
                }

                if (status >= 300 && status < 400)
                {
                    var target = response.Headers.Location;
                    return Outcome.Fail(new Failure(CallbellErrorKind.InvalidResponse, status, null,
                        "The server answered with a redirect" + (target != null ? " to " + Describe(target, uri) : string.Empty) + ", which is not followed so the token is never sent to another address. Check BaseUri.",
                        transient: false), detail);
                }

                var (errorBytes, errorLength) = await ReadErrorBodyAsync(response, token).ConfigureAwait(false);

                // Redacted before anything reads it: some servers echo the Authorization header.
                var raw = errorLength == 0 ? null : _token.Redact(Encoding.UTF8.GetString(errorBytes, 0, errorLength));
                var error = ApiErrorBody.TryParse(raw);
                var text = raw is null ? null : Clean(raw);
                detail.ReceivedBody(errorBytes, errorLength);
                if (status == 407)
                {
                    return Outcome.Fail(ProxyRefused(uri), detail);
                }

                if (status == 429)
                {
                    var wait = RetryPolicy.RetryAfter(response.Headers, DateTimeOffset.UtcNow);
                    return Outcome.Fail(new Failure(CallbellErrorKind.RateLimited, status, text,
                        "The account's rate limit was exceeded" + (wait.HasValue ? " (Retry-After " + wait.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s)." : "."),
                        transient: true) { RetryableForAll = true, RetryAfter = wait, Error = error }, detail);
                }

                if (status >= 500)
                {
                    return Outcome.Fail(new Failure(CallbellErrorKind.ServerError, status, text, "The server had an error.", transient: true) { Error = error }, detail);
                }

                return Outcome.Fail(new Failure(KindFor(status), status, text, HintFor(status, error), transient: false) { Error = error }, detail);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (attemptCancellation.IsCancellationRequested && IsNetworkOrCancel(ex))
            {
                return Outcome.Fail(new Failure(CallbellErrorKind.Timeout, null, null,
                    "No complete answer within the timeout of " + _options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.", transient: true)
                { Exception = ex, Summary = "timed out", Delivery = RequestDelivery.Unknown }, detail);
            }
            catch (HttpRequestException ex) when (IsProxyAuthentication(ex))
            {
                // An HTTPS tunnel the proxy refused (CONNECT answered 407): no retry can pass it.
                return Outcome.Fail(ProxyRefused(uri), detail);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
            {
                var neverSent = NeverSent(ex);
                return Outcome.Fail(new Failure(CallbellErrorKind.Connection, null, null,
                    "The connection failed" + (neverSent ? " before the request was sent" : string.Empty) + ": " + _token.Redact(Flatten(ex)), transient: true)
                { Exception = ex, Summary = neverSent ? "connection refused" : "connection failed", RetryableForAll = neverSent, Delivery = neverSent ? RequestDelivery.NotSent : RequestDelivery.Unknown }, detail);
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

        /// <summary>
        /// The proxy wants credentials (407). Named, with the parameters that fix it, and never
        /// retried: the same request would get the same answer.
        /// </summary>
        private Failure ProxyRefused(Uri uri)
        {
            var proxy = ProxyFor(uri);
            var detail = "The proxy " + (proxy is null ? "(from the system's proxy settings)" : proxy.GetLeftPart(UriPartial.Authority)) + " requires authentication (407 Proxy Authentication Required)"
                + (_options.ProxyCredential != null || _options.ProxyUseDefaultCredentials ? " and refused the credentials given." : " and none were given.")
                + " Connect with Connect-Callbell -ProxyCredential (Get-Credential), or -ProxyUseDefaultCredentials for the logged-on user's Windows credentials.";
            return new Failure(CallbellErrorKind.Connection, 407, null, detail, transient: false) { Code = "ProxyAuthenticationRequired", Delivery = RequestDelivery.NotSent, Summary = "proxy authentication required" };
        }

        private Uri? ProxyFor(Uri uri)
        {
            if (_options.Proxy != null)
            {
                return _options.Proxy;
            }

            try
            {
#if NET8_0_OR_GREATER
                var system = HttpClient.DefaultProxy;
#else
                var system = System.Net.WebRequest.DefaultWebProxy;
#endif
                return system is null || system.IsBypassed(uri) ? null : system.GetProxy(uri);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is PlatformNotSupportedException || ex is System.Security.SecurityException)
            {
                return null;
            }
        }

        private static bool IsProxyAuthentication(HttpRequestException ex)
        {
#if NET8_0_OR_GREATER
            if (ex.StatusCode == System.Net.HttpStatusCode.ProxyAuthenticationRequired)
            {
                return true;
            }
#endif
            return ex.Message.IndexOf("407", StringComparison.Ordinal) >= 0;
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

            /// <summary>A code of the module's own, when the server sent none (ProxyAuthenticationRequired).</summary>
            public string? Code { get; set; }
        }

        private readonly struct Outcome
        {
            private Outcome(ApiResponse? response, Failure? failure, AttemptDetail detail)
            {
                Response = response;
                Failure = failure;
                Detail = detail;
            }

            public ApiResponse? Response { get; }

            public Failure? Failure { get; }

            public AttemptDetail Detail { get; }

            public static Outcome Success(ApiResponse response, AttemptDetail detail) => new Outcome(response, null, detail);

            public static Outcome Fail(Failure failure, AttemptDetail detail) => new Outcome(null, failure, detail);
        }
    }
}
