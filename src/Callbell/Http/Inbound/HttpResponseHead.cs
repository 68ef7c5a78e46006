using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Callbell.Http.Inbound
{
    /// <summary>The status line and headers of a server's answer, as bytes.</summary>
    internal static class HttpResponseHead
    {
        public static byte[] Format(int status, IEnumerable<KeyValuePair<string, string>> headers)
        {
            var text = new StringBuilder();
            text.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(status)).Append("\r\n");
            foreach (var header in headers)
            {
                text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            text.Append("\r\n");
            return Encoding.ASCII.GetBytes(text.ToString());
        }

        private static string Reason(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 204: return "No Content";
                case 302: return "Found";
                case 400: return "Bad Request";
                case 401: return "Unauthorized";
                case 402: return "Payment Required";
                case 404: return "Not Found";
                case 405: return "Method Not Allowed";
                case 408: return "Request Timeout";
                case 413: return "Content Too Large";
                case 417: return "Expectation Failed";
                case 422: return "Unprocessable Entity";
                case 429: return "Too Many Requests";
                case 431: return "Request Header Fields Too Large";
                case 500: return "Internal Server Error";
                case 501: return "Not Implemented";
                case 502: return "Bad Gateway";
                case 503: return "Service Unavailable";
                case 505: return "HTTP Version Not Supported";
                default: return "Status";
            }
        }
    }
}
