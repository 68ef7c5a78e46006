using System.Threading;

namespace Callbell.Http.Inbound
{
    /// <summary>
    /// The bytes a server holds in request bodies across all its connections. Per-request limits
    /// alone let a thousand connections each hold the largest body; this bounds their sum.
    /// </summary>
    internal sealed class ByteBudget
    {
        private readonly long _limit;
        private long _held;

        public ByteBudget(long limit)
        {
            _limit = limit;
        }

        public long Held => Interlocked.Read(ref _held);

        public long Limit => _limit;

        /// <summary>Takes <paramref name="bytes"/>, or nothing when they would go over the limit.</summary>
        public bool TryReserve(long bytes)
        {
            long held;
            do
            {
                held = Interlocked.Read(ref _held);
                if (held + bytes > _limit)
                {
                    return false;
                }
            }
            while (Interlocked.CompareExchange(ref _held, held + bytes, held) != held);

            return true;
        }

        public void Release(long bytes)
        {
            if (bytes > 0)
            {
                Interlocked.Add(ref _held, -bytes);
            }
        }
    }
}
