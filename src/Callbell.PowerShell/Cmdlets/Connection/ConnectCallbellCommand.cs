using System;
using System.Management.Automation;
using System.Security;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Connects this PowerShell session to a Callbell account.</para>
    /// <para type="description">Stores the token and settings for the other Callbell cmdlets and, unless -SkipValidation, checks the token with GET /auth/me. Without -Token it reads $env:CALLBELL_API_TOKEN (and $env:CALLBELL_BASE_URI).</para>
    /// </summary>
    /// <example>
    ///   <code>Connect-Callbell -Token (Read-Host -AsSecureString 'Callbell API token')</code>
    ///   <para>Asks for the token, checks it with GET /auth/me and keeps the connection for this session.</para>
    /// </example>
    /// <example>
    ///   <code>Connect-Callbell -Token $token -TimeoutSec 30 -MaximumRetryCount 2 -PassThru</code>
    ///   <para>Connects with shorter timeouts and fewer retries, and shows the connection.</para>
    /// </example>
    /// <example>
    ///   <code>$env:CALLBELL_API_TOKEN = $secret; Connect-Callbell</code>
    ///   <para>Connects with the token from the environment (what runbooks do without calling Connect-Callbell at all).</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "Callbell")]
    [OutputType(typeof(CallbellConnectionInfo))]
    public sealed class ConnectCallbellCommand : CallbellCmdlet
    {
        /// <summary>The API token, as a SecureString: (Read-Host -AsSecureString), or from a secret vault.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public SecureString? Token { get; set; }

        /// <summary>The API's base address; https only, except to this machine. Default https://api.callbell.eu/v1.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Uri? BaseUri { get; set; }

        /// <summary>Does not call GET /auth/me to check the token.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>Writes the connection (user, base URI, masked token) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How long one attempt of a request may take, in seconds. Default 100.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; }

        /// <summary>Retries after the first attempt, for 429s, 5xx, timeouts and dropped connections. Default 4.</summary>
        [Parameter]
        [ValidateRange(0, 19)]
        public int MaximumRetryCount { get; set; }

        /// <summary>Page requests -All keeps in flight at once. 1 is sequential. Default 4.</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int Lookahead { get; set; }

        /// <summary>The most items a cmdlet keeps in flight for pipeline input (Import-Csv | Set-CallbellContact). Default: adapts to the rate budget and the latency, from 16 up to 256.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int ThrottleLimit { get; set; }

        /// <summary>The account's request budget, shared by every connection in this process. Default 300.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int RequestsPerSecond { get; set; }

        /// <summary>Responses larger than this many bytes are refused. Default 64 MiB.</summary>
        [Parameter]
        [ValidateRange(1024L, long.MaxValue)]
        public long MaxResponseBytes { get; set; }

        protected override void ProcessItem()
        {
            CallbellConnection connection;
            try
            {
                connection = ConnectionCache.Acquire(BuildOptions());
            }
            catch (CallbellException ex)
            {
                Terminate(ex);
                return;
            }

            AuthenticatedUser? user = null;
            if (!SkipValidation)
            {
                try
                {
                    user = Await(CreateClient(connection).Auth.GetCurrentUserAsync(CancellationToken));
                }
                catch (Exception ex) when (ex is CallbellException || ex is OperationCanceledException || ex is PipelineStoppedException)
                {
                    // The session keeps its previous connection; this one is given back.
                    ConnectionCache.Release(connection);
                    if (ex is CallbellException failure)
                    {
                        Terminate(failure, connection.BaseUri);
                    }

                    throw;
                }
            }

            var info = new CallbellConnectionInfo(connection, user, "Connect-Callbell");
            SessionConnections.Scope.Connect(info);
            WriteVerbose("Connected to " + connection.BaseUri.AbsoluteUri + (user != null ? " as " + user.Email : " (token not checked)") + ".");
            if (PassThru)
            {
                WriteObject(info);
            }
        }

        private CallbellConnectionOptions BuildOptions()
        {
            // The environment is read only when no token is given: a stale variable must not
            // break an explicit -Token.
            var options = Token != null
                ? new CallbellConnectionOptions { Token = ApiToken.Parse(SecureStrings.Reveal(Token)) }
                : CallbellEnvironment.ReadOptions() ?? throw CallbellEnvironment.MissingToken();

            if (BaseUri != null)
            {
                options.BaseUri = BaseUriPolicy.Normalize(BaseUri);
            }

            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(TimeoutSec)))
            {
                options.Timeout = TimeSpan.FromSeconds(TimeoutSec);
            }

            if (bound.ContainsKey(nameof(MaximumRetryCount)))
            {
                options.MaxAttempts = MaximumRetryCount + 1;
            }

            if (bound.ContainsKey(nameof(Lookahead)))
            {
                options.Lookahead = Lookahead;
            }

            if (bound.ContainsKey(nameof(ThrottleLimit)))
            {
                options.ThrottleLimit = ThrottleLimit;
            }

            if (bound.ContainsKey(nameof(RequestsPerSecond)))
            {
                options.RequestsPerSecond = RequestsPerSecond;
            }

            if (bound.ContainsKey(nameof(MaxResponseBytes)))
            {
                options.MaxResponseBytes = MaxResponseBytes;
            }

            return options;
        }
    }
}
