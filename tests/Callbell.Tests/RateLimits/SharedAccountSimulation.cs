using System;
using System.Collections.Generic;
using System.Linq;
using Callbell.RateLimits;

namespace Callbell.Tests.RateLimits
{
    /// <summary>
    /// Processes on different machines sharing one account, in simulated time: each paces its
    /// requests at what its <see cref="CongestionCeiling"/> allows and measures its share with a
    /// <see cref="ShareMeter"/>, as the limiter does, and a server refuses every arrival past the
    /// budget in any sliding second with a 429 that holds its process one second (Retry-After is
    /// in whole seconds). Nothing else is shared. What the
    /// simulation leaves out (slots, the pacer's bursts, real clocks) the Pester and benchmark
    /// runs against the sandbox cover; this isolates the controller's dynamics, over many seeds.
    /// </summary>
    internal sealed class SharedAccountSimulation
    {
        private const long Second = BudgetClock.TicksPerSecond;
        private const long Step = Second / 1000;

        private readonly int _budget;
        private readonly Random _random;
        private readonly List<SimulatedProcess> _processes = new List<SimulatedProcess>();

        /// <summary>An account of <paramref name="budget"/> requests a second; each request reaches the server up to 5 ms after it leaves, as <paramref name="seed"/> draws.</summary>
        public SharedAccountSimulation(int budget, int seed = 0)
        {
            _budget = budget;
            _random = new Random(seed);
        }

        /// <summary>A process that starts at <paramref name="startSeconds"/> and has <paramref name="requests"/> to send, each answered <paramref name="roundTripMs"/> after it leaves.</summary>
        public SharedAccountSimulation Process(double startSeconds, int requests, double roundTripMs)
        {
            _processes.Add(new SimulatedProcess((long)(startSeconds * Second), requests, (long)(roundTripMs * Step)));
            return this;
        }

        public IReadOnlyList<SimulatedProcess> Processes => _processes;

        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        /// <summary>Accepted arrivals a second from the first to the last, as a share of the budget.</summary>
        public double Utilisation { get; private set; }

        /// <summary>Runs until every process has had all its requests accepted, or <paramref name="limitSeconds"/> pass.</summary>
        public SharedAccountSimulation Run(double limitSeconds = 600)
        {
            var window = new Queue<long>();
            var arrivals = new PriorityQueue<(SimulatedProcess Process, long Left), long>();
            var answers = new PriorityQueue<(SimulatedProcess Process, long LeftAt, bool Refused), long>();
            long first = -1, last = -1;
            var end = (long)(limitSeconds * Second);
            for (long now = 0; now < end && _processes.Any(p => !p.Done); now += Step)
            {
                while (answers.TryPeek(out var answer, out var at) && at <= now)
                {
                    answers.Dequeue();
                    answer.Process.Answered(_budget, answer.LeftAt, now, answer.Refused);
                }

                // The server counts requests as they arrive, in the order they arrive.
                foreach (var process in _processes)
                {
                    while (process.TryLeave(_budget, now + Step, out var left))
                    {
                        arrivals.Enqueue((process, left), left + _random.Next(0, (int)(5 * Step)));
                    }
                }

                while (arrivals.TryPeek(out var arrival, out var at) && at < now + Step)
                {
                    arrivals.Dequeue();
                    while (window.Count > 0 && window.Peek() <= at - Second)
                    {
                        window.Dequeue();
                    }

                    var refused = window.Count >= _budget;
                    if (refused)
                    {
                        Refused++;
                    }
                    else
                    {
                        window.Enqueue(at);
                        Accepted++;
                        first = first < 0 ? at : first;
                        last = at;
                    }

                    answers.Enqueue((arrival.Process, arrival.Left, refused), arrival.Left + arrival.Process.RoundTrip);
                }
            }

            Utilisation = last > first ? Accepted / ((last - first) / (double)Second) / _budget : 0;
            return this;
        }

        internal sealed class SimulatedProcess
        {
            private readonly long _start;
            private readonly CongestionCeiling _ceiling = new CongestionCeiling(RequestRateLimiter.WindowTicks);
            private readonly ShareMeter _sent = new ShareMeter(RequestRateLimiter.WindowTicks);
            private long _next;
            private long _heldUntil;
            private int _unsent;
            private int _unanswered;

            public SimulatedProcess(long start, int requests, long roundTrip)
            {
                _start = start;
                _next = start;
                _unsent = requests;
                RoundTrip = roundTrip;
            }

            public long RoundTrip { get; }

            public bool Done => _unsent == 0 && _unanswered == 0;

            /// <summary>Seconds from its start to its last accepted answer.</summary>
            public double Seconds { get; private set; }

            public int Refused { get; private set; }

            /// <summary>Requests accepted in each second of the run.</summary>
            public List<int> PerSecond { get; } = new List<int>();

            public bool TryLeave(int budget, long before, out long at)
            {
                at = Math.Max(_next, _heldUntil);
                if (_unsent == 0 || at >= before)
                {
                    return false;
                }

                _unsent--;
                _unanswered++;
                _sent.Departed(at);
                _next = at + (long)(RequestRateLimiter.WindowTicks / _ceiling.Current(budget, at));
                return true;
            }

            public void Answered(int budget, long leftAt, long now, bool refused)
            {
                _unanswered--;
                if (!refused)
                {
                    var second = (int)(leftAt / Second);
                    while (PerSecond.Count <= second)
                    {
                        PerSecond.Add(0);
                    }

                    PerSecond[second]++;
                    Seconds = (now - _start) / (double)Second;
                    return;
                }

                Refused++;
                _unsent++; // sent again after the hold
                _ceiling.Refused(budget, leftAt, now, _sent.SentBefore(leftAt), _sent.BusySince);
                _heldUntil = Math.Max(_heldUntil, now + Second);
                _sent.PausedUntil(_heldUntil);
            }
        }
    }
}
