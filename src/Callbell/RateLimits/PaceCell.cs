using System.Threading;

namespace Callbell.RateLimits
{
    /// <summary>
    /// Where an account's pace (the time its next request may leave) is kept: in this process, or
    /// in a file that every process of the machine using the account maps (<see cref="SharedPaceCell"/>).
    /// One 64-bit value changed only by compare-and-swap, so no process can leave it half written.
    /// </summary>
    internal class PaceCell
    {
        private long _value;

        public virtual long Read() => Interlocked.Read(ref _value);

        /// <summary>Sets the value to <paramref name="value"/> if it is still <paramref name="comparand"/>; returns what it was.</summary>
        public virtual long CompareExchange(long value, long comparand) => Interlocked.CompareExchange(ref _value, value, comparand);

        /// <summary>Gives back what the cell holds (a mapped file, a handle); the cell is not used after.</summary>
        public virtual void Close()
        {
        }
    }
}
