using System.Management.Automation;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet that calls the API, on the session's default connection or on the account that
    /// -Connection names (one of several connected at once, or one passed with $using: into
    /// ForEach-Object -Parallel or a thread job).
    /// </summary>
    public abstract class CallbellApiCmdlet : CallbellCmdlet
    {
        /// <summary>The account to use: a connection from Connect-Callbell -PassThru or Get-CallbellConnection. Default: the session's latest connection, else $env:CALLBELL_API_TOKEN.</summary>
        [Parameter]
        [ValidateNotNull]
        public CallbellConnectionInfo? Connection { get; set; }

        private protected override CallbellConnection? ChosenConnection
        {
            get
            {
                if (Connection is null)
                {
                    return null;
                }

                if (Connection.Connection.IsDisposed)
                {
                    Terminate(new CallbellException(CallbellErrorKind.Authentication, "Callbell.ConnectionClosed", "The connection in -Connection (" + Connection + ") is closed: Disconnect-Callbell ended it, or Connect-Callbell connected that account again with other settings.")
                    {
                        RecommendedAction = "Connect again with Connect-Callbell -PassThru and pass the connection it returns, or take a live one from Get-CallbellConnection.",
                    }, Connection);
                }

                return Connection.Connection;
            }
        }
    }
}
