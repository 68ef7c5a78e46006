using Xunit;

namespace Callbell.Tests.Infrastructure
{
    /// <summary>
    /// Tests that measure when requests reach the sandbox (rate limits, pauses) run alone: other
    /// test classes competing for two cores would skew arrival times, not the behaviour.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingCollection
    {
        public const string Name = "Timing";
    }
}
