using System;
using System.Collections.Generic;

namespace Callbell.Sandbox.Faults
{
    /// <summary>
    /// The faults switched on right now. Rules can be added and cleared while the sandbox runs;
    /// the first rule that fires for a request decides its fault.
    /// </summary>
    public sealed class SandboxFaults
    {
        private readonly object _gate = new object();
        private readonly List<FaultRule> _rules = new List<FaultRule>();
        private Random _random = new Random(1);
        private long _latencyTicks;

        /// <summary>Added before every response.</summary>
        public TimeSpan Latency
        {
            get => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _latencyTicks));
            set => System.Threading.Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }

        public FaultRule Add(FaultRule rule)
        {
            lock (_gate)
            {
                _rules.Add(rule);
            }

            return rule;
        }

        public FaultRule Add(FaultKind kind, int? page = null, int times = -1, int every = 1) =>
            Add(new FaultRule(kind) { Page = page, Times = times, Every = every });

        /// <summary>Seeds the generator behind rules with a Probability below 1.</summary>
        public void Seed(int seed)
        {
            lock (_gate)
            {
                _random = new Random(seed);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _rules.Clear();
            }

            Latency = TimeSpan.Zero;
        }

        internal FaultRule? Pick(string method, string path, int page)
        {
            lock (_gate)
            {
                foreach (var rule in _rules)
                {
                    if (!rule.Matches(method, path, page))
                    {
                        continue;
                    }

                    if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                    {
                        continue;
                    }

                    if (rule.Times > 0)
                    {
                        rule.Times--;
                    }

                    return rule;
                }
            }

            return null;
        }
    }
}
