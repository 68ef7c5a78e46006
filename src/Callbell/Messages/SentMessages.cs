using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Callbell.Messages
{
    /// <summary>
    /// Whom each of a connection's last sends went to, and with what metadata: the status
    /// endpoint answers without them, so a status read (Get-CallbellMessageStatus,
    /// Wait-CallbellMessage) of a message this process sent says again whom it was for. Bounded:
    /// the oldest of the last 10,000 makes room.
    /// </summary>
    internal sealed class SentMessages
    {
        private const int Capacity = 10_000;

        private static readonly ConditionalWeakTable<CallbellConnection, SentMessages> ByConnection = new ConditionalWeakTable<CallbellConnection, SentMessages>();

        private readonly Dictionary<string, MessageSendRequest> _byUuid = new Dictionary<string, MessageSendRequest>();
        private readonly Queue<string> _order = new Queue<string>();

        public static SentMessages Of(CallbellConnection connection) => ByConnection.GetValue(connection, _ => new SentMessages());

        public void Remember(MessageSendRequest sent)
        {
            if (sent.Uuid is null)
            {
                return;
            }

            lock (_byUuid)
            {
                if (!_byUuid.ContainsKey(sent.Uuid))
                {
                    _order.Enqueue(sent.Uuid);
                    if (_order.Count > Capacity)
                    {
                        _byUuid.Remove(_order.Dequeue());
                    }
                }

                _byUuid[sent.Uuid] = sent;
            }
        }

        /// <summary>Gives a status read the recipient and metadata of the send it follows, when this process made it.</summary>
        public MessageSendRequest Recall(MessageSendRequest read)
        {
            MessageSendRequest? sent;
            lock (_byUuid)
            {
                if (read.Uuid is null || !_byUuid.TryGetValue(read.Uuid, out sent))
                {
                    return read;
                }
            }

            read.To ??= sent.To;
            read.Bsuid ??= sent.Bsuid;
            read.Metadata ??= sent.Metadata;
            return read;
        }
    }
}
