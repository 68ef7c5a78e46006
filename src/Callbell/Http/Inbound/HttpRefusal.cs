using System;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// A request the server will not read on: answered with <see cref="Status"/> and the
    /// connection closed, because what follows on it can no longer be framed.
    /// </summary>
    internal sealed class HttpRefusal : Exception
    {
        public HttpRefusal(int status, string message)
            : base(message)
        {
            Status = status;
        }

        /// <summary>400 malformed, 413 body too large, 417 unknown expectation, 431 headers too large, 501 unknown transfer coding, 503 no room, 505 version.</summary>
        public int Status { get; }
    }
}
