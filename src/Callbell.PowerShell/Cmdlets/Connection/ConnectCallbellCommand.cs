using System;
using System.Management.Automation;
using System.Security;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Connection
{
    /// <summary>
    /// <para type="synopsis">Connects this PowerShell session to a Callbell account.</para>
    /// <para type="description">Stores the token and settings for the other Callbell cmdlets and, unless -SkipValidation, checks the token with GET /auth/me. Without -Token it reads $env:CALLBELL_API_TOKEN (and $env:CALLBELL_BASE_URI). Every setting also has an environment variable (CALLBELL_TIMEOUT_SEC, CALLBELL_MAXIMUM_RETRY_COUNT, CALLBELL_LOOKAHEAD, CALLBELL_THROTTLE_LIMIT, CALLBELL_REQUESTS_PER_SECOND, CALLBELL_MAX_RESPONSE_BYTES, CALLBELL_PROXY), read when the parameter is not given. Several accounts can be connected at once: the latest is the default, and -PassThru returns each connection for the other cmdlets' -Connection. Requests go through the system's proxy (HTTPS_PROXY, NO_PROXY, the OS settings) unless -Proxy names one; a proxy that asks for credentials (407) is an error that names it and the parameter to add.</para>
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
    ///   <code>Connect-Callbell -Token (Get-Secret -Name CallbellToken)</code>
    ///   <para>Takes the token from a SecretManagement vault (a SecureString; -AsPlainText text works too).</para>
    /// </example>
    /// <example>
    ///   <code>Connect-Callbell -Token (Get-AutomationVariable -Name CallbellToken)</code>
    ///   <para>In Azure Automation: the token from an encrypted Automation variable, as plain text, turned into a SecureString at once.</para>
    /// </example>
    /// <example>
    ///   <code>Connect-Callbell -Token (Get-AzKeyVaultSecret -VaultName ops-vault -Name CallbellToken).SecretValue</code>
    ///   <para>Takes the token from Azure Key Vault.</para>
    /// </example>
    /// <example>
    ///   <code>$a = Connect-Callbell -Token $tokenA -PassThru; $b = Connect-Callbell -Token $tokenB -PassThru; Get-CallbellContact -All -Connection $a | New-CallbellContact -Connection $b</code>
    ///   <para>Connects two accounts and copies the contacts of one, with their tags and custom fields, into the other.</para>
    /// </example>
    /// <example>
    ///   <code>Connect-Callbell -Token $token -Proxy http://proxy.corp.example:8080 -ProxyCredential (Get-Credential)</code>
    ///   <para>Goes through a corporate proxy that asks for a user name and password.</para>
    /// </example>
    /// <example>
    ///   <code>$env:CALLBELL_API_TOKEN = $secret; Connect-Callbell</code>
    ///   <para>Connects with the token from the environment (what runbooks do without calling Connect-Callbell at all).</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "Callbell")]
    [OutputType(typeof(CallbellConnectionInfo))]
    public sealed class ConnectCallbellCommand : CallbellCmdlet
    {
        /// <summary>The API token: a SecureString (Read-Host -AsSecureString, Get-Secret) or plain text (an Automation variable), which becomes a SecureString at once. Default: $env:CALLBELL_API_TOKEN.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SecureStringTransformation]
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

        /// <summary>The country of phone numbers written without a country code (333 765 4321): a region such as IT or a calling code such as 39. Default: $env:CALLBELL_DEFAULT_COUNTRY_CODE, else none (such numbers are refused where they would identify a person).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DefaultCountryCode { get; set; }

        /// <summary>The account's request budget, shared by every connection in this process. Default 300.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int RequestsPerSecond { get; set; }

        /// <summary>Responses larger than this many bytes are refused. Default 64 MiB.</summary>
        [Parameter]
        [ValidateRange(1024L, long.MaxValue)]
        public long MaxResponseBytes { get; set; }

        /// <summary>The proxy to send every request through, such as http://proxy.corp.example:8080. Default: $env:CALLBELL_PROXY, else the system's settings (HTTPS_PROXY, NO_PROXY, the OS).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>The user name and password the proxy asks for (407), for -Proxy or the system's proxy.</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Gives the proxy the logged-on user's Windows credentials (NTLM, Kerberos) instead of -ProxyCredential.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

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

                    // Every token of one account shares its budget, in this process and beyond.
                    connection.IdentifyAccount(user.Email ?? string.Empty);
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
            // The token and base URI from the environment go together, read only when no token
            // is given: a stale variable must not send an explicit -Token elsewhere. The other
            // settings are the machine's (a proxy, a timeout), read either way.
            CallbellConnectionOptions options;
            if (Token != null)
            {
                options = new CallbellConnectionOptions { Token = ApiToken.Parse(SecureStrings.Reveal(Token)) };
                var baseUri = options.BaseUri;
                CallbellEnvironment.ApplySettings(options);
                options.BaseUri = baseUri;
            }
            else
            {
                options = CallbellEnvironment.ReadOptions() ?? throw CallbellEnvironment.MissingToken();
            }

            if (Proxy != null)
            {
                options.Proxy = Proxy;
                options.ProxyCredential = null;
            }

            if (ProxyCredential != null)
            {
                options.ProxyCredential = ProxyCredential.GetNetworkCredential();
            }

            if (ProxyUseDefaultCredentials)
            {
                if (ProxyCredential != null)
                {
                    throw CallbellException.InvalidArgument(nameof(ProxyCredential), "-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together.", "Give the proxy's user name and password with -ProxyCredential, or use the logged-on user's credentials with -ProxyUseDefaultCredentials.");
                }

                options.ProxyUseDefaultCredentials = true;
                options.ProxyCredential = null;
            }

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

            if (DefaultCountryCode != null)
            {
                options.DefaultCountryCode = CallbellEnvironment.Country(nameof(DefaultCountryCode), DefaultCountryCode);
            }

            return options;
        }
    }
}
