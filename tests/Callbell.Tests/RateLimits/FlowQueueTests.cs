using System.Collections.Generic;
using Callbell.RateLimits;
using Xunit;

namespace Callbell.Tests.RateLimits
{
    public sealed class FlowQueueTests
    {
        [Fact]
        public void Flows_are_served_in_turn_and_each_in_its_own_order()
        {
            var queue = new FlowQueue<string>();
            object bulk = new object(), walk = new object();
            foreach (var item in new[] { "b1", "b2", "b3", "b4", "b5" })
            {
                queue.Enqueue(bulk, item);
            }

            queue.Enqueue(walk, "w1");
            queue.Enqueue(walk, "w2");

            var served = new List<string>();
            while (queue.TryPeek(out var next))
            {
                Assert.Equal(next, queue.Dequeue());
                served.Add(next);
            }

            Assert.Equal(new[] { "b1", "w1", "b2", "w2", "b3", "b4", "b5" }, served);
            Assert.Equal(0, queue.Count);
        }

        [Fact]
        public void A_flow_that_comes_back_joins_the_end_of_the_line()
        {
            var queue = new FlowQueue<string>();
            object a = new object(), b = new object(), c = new object();
            queue.Enqueue(a, "a1");
            queue.Enqueue(b, "b1");
            Assert.Equal("a1", queue.Dequeue());
            queue.Enqueue(c, "c1");
            queue.Enqueue(a, "a2");
            Assert.Equal(new[] { "b1", "c1", "a2" }, new[] { queue.Dequeue(), queue.Dequeue(), queue.Dequeue() });
        }
    }
}
