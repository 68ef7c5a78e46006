using System;

namespace Callbell.Http.Inbound
{
    /// <summary>The bounds of an <see cref="HttpEndpoint"/>: together they cap what any mix of clients can make it hold.</summary>
    internal sealed class EndpointOptions
    {
        public EndpointOptions(RequestLimits limits, int maxConnections, long maxBufferedBytes, TimeSpan requestTimeout, TimeSpan idleTimeout)
        {
            Limits = limits;
            MaxConnections = maxConnections;
            MaxBufferedBytes = maxBufferedBytes;
            RequestTimeout = requestTimeout;
            IdleTimeout = idleTimeout;
        }

        public RequestLimits Limits { get; }

        /// <summary>Connections open at once, idle ones included; past it the one idle longest (for at least a fortieth of the idle timeout) is closed, else the newcomer is answered 503.</summary>
        public int MaxConnections { get; }

        /// <summary>Bytes held in bodies across every connection; past it, 503.</summary>
        public long MaxBufferedBytes { get; }

        /// <summary>From a request's first byte to its last: a slower sender is answered 408 and cut off.</summary>
        public TimeSpan RequestTimeout { get; }

        /// <summary>How long a connection may wait for its next request (or its first).</summary>
        public TimeSpan IdleTimeout { get; }
    }
}
