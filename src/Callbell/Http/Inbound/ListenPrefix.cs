using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// Where a server listens, written as a prefix: http://localhost:8080/ (this machine only),
    /// http://+:8080/ (every interface), http://10.0.0.5:8080/callbell/ (one address, one path).
    /// Plain HTTP only: TLS is a reverse proxy's or a tunnel's job.
    /// </summary>
    internal sealed class ListenPrefix
    {
        private ListenPrefix(string text, string host, int port, string path)
        {
            Text = text;
            Host = host;
            Port = port;
            Path = path;
        }

        public string Text { get; }

        /// <summary>localhost, + or *, or an address.</summary>
        public string Host { get; }

        public int Port { get; }

        /// <summary>Requests whose path does not start with this are not ours (404). Ends in /.</summary>
        public string Path { get; }

        /// <summary>
        /// The sockets to open: localhost is 127.0.0.1 and, where the machine has it, [::1] (a
        /// proxy on this machine may resolve the name to either); + and * are every interface,
        /// IPv4 and IPv6 on one socket.
        /// </summary>
        public IEnumerable<(IPEndPoint EndPoint, bool Optional)> Bindings()
        {
            if (Host == "localhost")
            {
                yield return (new IPEndPoint(IPAddress.Loopback, Port), false);
                if (Socket.OSSupportsIPv6)
                {
                    yield return (new IPEndPoint(IPAddress.IPv6Loopback, Port), true);
                }
            }
            else if (Host == "+" || Host == "*")
            {
                yield return (new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, Port), false);
            }
            else
            {
                yield return (new IPEndPoint(IPAddress.Parse(Host.Trim('[', ']')), Port), false);
            }
        }

        public bool Matches(string rawPath) =>
            (rawPath.EndsWith("/", StringComparison.Ordinal) ? rawPath : rawPath + "/").StartsWith(Path, StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads a prefix, or says what is wrong with it, naming <paramref name="parameter"/>.</summary>
        public static ListenPrefix Parse(string prefix, string parameter)
        {
            const string Shape = "Prefixes look like http://localhost:8080/, http://+:8080/ or http://10.0.0.5:8080/callbell/ (ending in /).";
            if (prefix.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw CallbellException.InvalidArgument(parameter, "'" + prefix + "': the listener serves plain HTTP; TLS belongs to the reverse proxy or tunnel in front of it.", "Listen on http://localhost:<port>/ and let the proxy or tunnel serve https.");
            }

            if (!prefix.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || !prefix.EndsWith("/", StringComparison.Ordinal))
            {
                throw CallbellException.InvalidArgument(parameter, "'" + prefix + "' is not a listener prefix.", Shape);
            }

            var rest = prefix.Substring("http://".Length);
            var slash = rest.IndexOf('/');
            var authority = rest.Substring(0, slash);
            var path = rest.Substring(slash);
            string host;
            var port = 80;
            var close = authority.LastIndexOf(']');
            var colon = authority.LastIndexOf(':');
            if (colon > close)
            {
                host = authority.Substring(0, colon);
                if (!int.TryParse(authority.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                {
                    throw CallbellException.InvalidArgument(parameter, "'" + prefix + "' has no port from 1 to 65535.", Shape);
                }
            }
            else
            {
                host = authority;
            }

            host = host.ToLowerInvariant();
            if (!IsHost(host))
            {
                throw CallbellException.InvalidArgument(parameter, "'" + prefix + "': '" + host + "' is not an address to listen on.", "Use localhost (this machine only), + for every interface, or one address of this machine such as 10.0.0.5 or [::1].");
            }

            return new ListenPrefix(prefix, host, port, path);
        }

        /// <summary>localhost, + or *, or an IP address (bracketed or not for IPv6).</summary>
        public static bool IsHost(string host) =>
            host == "localhost" || host == "+" || host == "*" || IPAddress.TryParse(host.Trim('[', ']'), out _);

        /// <summary>A socket that would not open, as the error a user can act on.</summary>
        internal CallbellException Unavailable(SocketException ex)
        {
            switch (ex.SocketErrorCode)
            {
                case SocketError.AccessDenied:
                    return new CallbellException(CallbellErrorKind.PermissionDenied, "Callbell.ListenerAccessDenied", "This user may not listen on " + Text + ": " + ex.Message, ex)
                    {
                        RecommendedAction = "Choose a -Port above 1023 (ports below it need root on Linux and macOS), or put a reverse proxy in front.",
                    };
                case SocketError.AddressNotAvailable:
                    return new CallbellException(CallbellErrorKind.InvalidArgument, "Callbell.ListenerUnavailable", "Cannot listen on " + Text + ": " + Host + " is not an address of this machine.", ex)
                    {
                        RecommendedAction = "Use -ListenAddress with an address this machine has (see Get-NetIPAddress or ip addr), + for every interface, or localhost.",
                    };
                default:
                    return new CallbellException(CallbellErrorKind.InvalidArgument, "Callbell.ListenerUnavailable", "Cannot listen on " + Text + ": " + ex.Message + ". Another program may be using port " + Port.ToString(CultureInfo.InvariantCulture) + ".", ex)
                    {
                        RecommendedAction = "Choose another -Port, or stop the program that holds it.",
                    };
            }
        }

        public override string ToString() => Text;
    }
}
