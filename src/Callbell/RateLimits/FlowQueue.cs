using System.Collections.Generic;

namespace Callbell.RateLimits
{
    /// <summary>
    /// Waiters for the budget, served in turn by flow (a command, a client) and in order within
    /// each: a 256-wide bulk run queues its requests behind its own, so a page walk next to it is
    /// served every other turn instead of after all of them.
    /// </summary>
    internal sealed class FlowQueue<T>
        where T : class
    {
        private readonly Dictionary<object, Queue<T>> _byFlow = new Dictionary<object, Queue<T>>();
        private readonly Queue<object> _turns = new Queue<object>();

        public int Count { get; private set; }

        public void Enqueue(object flow, T item)
        {
            if (!_byFlow.TryGetValue(flow, out var queue))
            {
                queue = new Queue<T>();
                _byFlow.Add(flow, queue);
                _turns.Enqueue(flow);
            }

            queue.Enqueue(item);
            Count++;
        }

        /// <summary>The oldest item of the flow whose turn it is, left in place.</summary>
        public bool TryPeek(out T item)
        {
            if (_turns.Count == 0)
            {
                item = null!;
                return false;
            }

            item = _byFlow[_turns.Peek()].Peek();
            return true;
        }

        /// <summary>Takes the item <see cref="TryPeek"/> showed; its flow goes to the back of the line.</summary>
        public T Dequeue()
        {
            var flow = _turns.Dequeue();
            var queue = _byFlow[flow];
            var item = queue.Dequeue();
            Count--;
            if (queue.Count > 0)
            {
                _turns.Enqueue(flow);
            }
            else
            {
                _byFlow.Remove(flow);
            }

            return item;
        }
    }
}
