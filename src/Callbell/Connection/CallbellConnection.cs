using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Callbell.Http;
using Callbell.RateLimits;

namespace Callbell
{
    /// <summary>
    /// One connection to one Callbell account: settings, a single HttpClient, the account's
    /// process-wide rate limiter, and the retry loop every request goes through. Thread-safe;
    /// share it. Area clients (<see cref="CallbellClient"/>) are cheap views over it.
    /// </summary>
    public sealed class CallbellConnection : IDisposable
    {
        private static readonly string UserAgent = "CallbellPS/" + typeof(CallbellConnection).Assembly.GetName().Version!.ToString(3);

        private readonly HttpClient _http;
        private readonly RetryPolicy _retry;
        private readonly RequestSender _sender;
        private RequestRateLimiter _limiter;
        private int _disposed;

        public CallbellConnection(CallbellConnectionOptions options)
        {
            var settings = options.Clone();
            settings.Validate();
            Options = settings;
            Token = settings.Token!;
            BaseUri = settings.BaseUri;
            Account = BaseUri.AbsoluteUri + "#" + Token.Fingerprint();
            _limiter = AccountLimiters.Acquire(AccountLimiters.KeyFor(BaseUri, Token), settings.RequestsPerSecond);
            _retry = new RetryPolicy(settings);
            _http = new HttpClient(HttpHandlerFactory.Create(settings), disposeHandler: true)
            {
                // Each attempt gets its own deadline (see RequestSender); this one would also cap retries.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token.Reveal());
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);

            // .NET Framework sends "Expect: 100-continue" on every POST/PATCH and then waits up to
            // 350 ms for a server that does not answer it: each write would stall.
            _http.DefaultRequestHeaders.ExpectContinue = false;
            Json.JsonWarmUp.Start();
            _sender = new RequestSender(_http, settings, _retry, () => Volatile.Read(ref _limiter), Token, Account);
        }

        /// <summary>A copy of the settings in force.</summary>
        public CallbellConnectionOptions Options { get; }

        public Uri BaseUri { get; }

        public ApiToken Token { get; }

        /// <summary>The account's budget, shared with every connection to it in the process (and beyond, see <see cref="SharedPaceCell"/>).</summary>
        internal RequestRateLimiter Limiter => Volatile.Read(ref _limiter);

        /// <summary>Which account this is (base URI and a hash of the token): objects it reads carry it.</summary>
        internal string Account { get; }

        /// <summary>Sends <paramref name="request"/> with retries; throws <see cref="CallbellException"/> on failure.</summary>
        public Task<ApiResponse> SendAsync(ApiRequest request, IRequestObserver? observer, CancellationToken cancellationToken) =>
            _sender.SendAsync(request, observer, observer ?? (object)this, cancellationToken);

        /// <summary>As <see cref="SendAsync(ApiRequest, IRequestObserver?, CancellationToken)"/>, waiting for the budget in turn with other <paramref name="flow"/>s (clients, commands).</summary>
        internal Task<ApiResponse> SendAsync(ApiRequest request, IRequestObserver? observer, object flow, CancellationToken cancellationToken) =>
            _sender.SendAsync(request, observer, flow, cancellationToken);

        /// <summary>
        /// /auth/me said whose token this is: from now on the connection shares the budget of that
        /// account, whatever token other connections to it use.
        /// </summary>
        internal void IdentifyAccount(string accountEmail)
        {
            if (string.IsNullOrWhiteSpace(accountEmail) || IsDisposed)
            {
                return;
            }

            var key = AccountLimiters.KeyFor(BaseUri, accountEmail);
            lock (_sender)
            {
                var current = Volatile.Read(ref _limiter);
                if (current.Account == key)
                {
                    return;
                }

                var shared = AccountLimiters.Acquire(key, Options.RequestsPerSecond);
                Volatile.Write(ref _limiter, shared);
                AccountLimiters.Release(current, Options.RequestsPerSecond);
            }
        }

        /// <summary>True once disposed: its HttpClient is closed and its limiter reference given back.</summary>
        public bool IsDisposed => _disposed != 0;

        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _http.Dispose();
                lock (_sender)
                {
                    AccountLimiters.Release(Volatile.Read(ref _limiter), Options.RequestsPerSecond);
                }
            }
        }

        public override string ToString() => BaseUri.AbsoluteUri + " (token " + Token.Masked + ")";
    }
}
