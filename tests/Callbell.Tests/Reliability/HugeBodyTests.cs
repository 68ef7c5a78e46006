using System;
using System.Threading.Tasks;
using Callbell.Contacts;
using Callbell.Sandbox.Faults;
using Callbell.Tests.Infrastructure;
using Xunit;

namespace Callbell.Tests.Reliability
{
    /// <summary>
    /// A 400 MB body against a 1 MiB limit. It counts the process's allocations, so it runs alone
    /// (the Timing collection): other tests' allocations would be counted as its own.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public sealed class HugeBodyTests : SandboxTest
    {
        [Fact]
        public async Task A_huge_body_is_refused_at_the_size_limit_without_reading_it_all()
        {
            Sandbox.Faults.Add(new FaultRule(FaultKind.HugeBody) { HugeBytes = 400L * 1024 * 1024 });
            var before = GC.GetTotalAllocatedBytes(precise: true);

            var error = await Assert.ThrowsAsync<CallbellApiException>(() =>
                Client(o => o.MaxResponseBytes = 1024 * 1024).Contacts.GetPageAsync(new ContactQuery(), 1));

            Assert.Contains("MaxResponseBytes", error.Message);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(allocated < 64L * 1024 * 1024, "allocated " + allocated + " bytes");
        }
    }
}
