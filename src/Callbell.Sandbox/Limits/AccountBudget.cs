using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Callbell.Sandbox.Limits
{
    /// <summary>
    /// The API's rate limit: more than N requests in one second (300 by default, per account) are
    /// answered 429 Too Many Requests, with a Retry-After header. Counted at arrival over a
    /// sliding second; answered requests count, refused ones do not.
    /// </summary>
    internal sealed class AccountBudget
    {
        private readonly object _gate = new object();
        private readonly Queue<long> _admitted = new Queue<long>();
        private readonly int _perSecond;

        public AccountBudget(int perSecond)
        {
            _perSecond = perSecond;
        }

        /// <summary>True to answer the request; false (with how long until a place frees) to refuse it with a 429.</summary>
        public bool TryAdmit(out TimeSpan retryAfter)
        {
            retryAfter = TimeSpan.Zero;
            if (_perSecond <= 0)
            {
                return true;
            }

            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                while (_admitted.Count > 0 && now - _admitted.Peek() >= Stopwatch.Frequency)
                {
                    _admitted.Dequeue();
                }

                if (_admitted.Count >= _perSecond)
                {
                    retryAfter = TimeSpan.FromSeconds((double)(_admitted.Peek() + Stopwatch.Frequency - now) / Stopwatch.Frequency);
                    return false;
                }

                _admitted.Enqueue(now);
                return true;
            }
        }
    }
}
