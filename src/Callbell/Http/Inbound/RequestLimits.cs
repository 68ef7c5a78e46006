using System;

namespace Callbell.Http.Inbound
{
    /// <summary>How much of a request a server reads before it refuses it: each one bounds what one connection can make it hold.</summary>
    internal sealed class RequestLimits
    {
        public RequestLimits(int maxHeaderBytes, int maxBodyBytes)
        {
            if (maxHeaderBytes < 256 || maxBodyBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxHeaderBytes), "Headers need at least 256 bytes and bodies a limit of 0 or more.");
            }

            MaxHeaderBytes = maxHeaderBytes;
            MaxBodyBytes = maxBodyBytes;
        }

        /// <summary>The request line and headers together (and a chunked body's trailers); past this, 431.</summary>
        public int MaxHeaderBytes { get; }

        /// <summary>The body, however it is framed; past this, 413.</summary>
        public int MaxBodyBytes { get; }
    }
}
