using System;
using System.Collections.Generic;
using System.Globalization;

namespace Callbell.Http.Inbound
{
    /// <summary>What a handler answers to one <see cref="InboundRequest"/>.</summary>
    internal sealed class InboundResponse
    {
        private static readonly byte[] None = Array.Empty<byte>();

        public InboundResponse(int status, byte[]? body = null, string contentType = "application/json")
        {
            Status = status;
            Body = body ?? None;
            ContentType = contentType;
        }

        public int Status { get; }

        public byte[] Body { get; }

        public string ContentType { get; }

        /// <summary>Sent as Retry-After when set.</summary>
        public TimeSpan? RetryAfter { get; set; }

        /// <summary>The connection ends after this answer, whatever the request asked.</summary>
        public bool Close { get; set; }

        /// <summary>A refusal that keeps nothing: 503 says when to come back; other failures end the connection.</summary>
        public static InboundResponse Refusal(int status, bool close) =>
            new InboundResponse(status) { Close = close, RetryAfter = status == 503 ? TimeSpan.FromSeconds(30) : (TimeSpan?)null };

        public byte[] Head(bool keepAlive)
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture)),
            };
            if (Body.Length > 0)
            {
                headers.Add(new KeyValuePair<string, string>("Content-Type", ContentType));
            }

            if (RetryAfter.HasValue)
            {
                headers.Add(new KeyValuePair<string, string>("Retry-After", ((int)Math.Ceiling(RetryAfter.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
            }

            if (!keepAlive)
            {
                headers.Add(new KeyValuePair<string, string>("Connection", "close"));
            }

            return HttpResponseHead.Format(Status, headers);
        }
    }
}
