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

        /// <summary>
        /// A phone number given to this command in its one spelling, E.164 ("+393337654321"),
        /// read with <paramref name="defaultCountry"/> (the command's -DefaultCountryCode) or the
        /// connection's; a platform handle (letters) comes back trimmed. An error naming
        /// <paramref name="parameterName"/> when it is not a number, or is national with no country.
        /// </summary>
        internal string Phone(string text, string parameterName, string? defaultCountry) =>
            Callbell.Contacts.PhoneNumberIdentity.ToE164(text, defaultCountry ?? Client.Connection.Options.DefaultCountryCode, parameterName) ?? text.Trim();

        /// <summary>
        /// A -DefaultCountryCode, on whichever cmdlet has one, is checked before any request
        /// (loading the phone-number library only when one is given).
        /// </summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!MyInvocation.BoundParameters.TryGetValue("DefaultCountryCode", out var given) || !(given is string country))
            {
                return;
            }

            try
            {
                Callbell.Contacts.PhoneNumberIdentity.Region(country);
            }
            catch (CallbellException ex)
            {
                Terminate(ex, country);
            }
        }

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
                    // Not an authentication failure: the token may be fine; the object passed is spent.
                    Terminate(CallbellException.InvalidArgument(nameof(Connection), "The connection in -Connection (" + Connection + ") is closed: Disconnect-Callbell ended it, or Connect-Callbell connected that account again with other settings.",
                        "Connect again with Connect-Callbell -PassThru and pass the connection it returns, or take a live one from Get-CallbellConnection.", "Callbell.ConnectionClosed"), Connection);
                }

                return Connection.Connection;
            }
        }
    }
}
