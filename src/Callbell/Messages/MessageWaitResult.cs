namespace Callbell.Messages
{
    /// <summary>How the wait for one message ended: settled, failed on its own, or still pending at the timeout.</summary>
    public sealed class MessageWaitResult
    {
        internal MessageWaitResult(string uuid, MessageSendRequest? message, bool settled, CallbellException? error)
        {
            Uuid = uuid;
            Message = message;
            Settled = settled;
            Error = error;
        }

        public string Uuid { get; }

        /// <summary>The message as last read; null when it could never be read.</summary>
        public MessageSendRequest? Message { get; }

        /// <summary>True when the message reached a status that ends the wait.</summary>
        public bool Settled { get; }

        /// <summary>Why this message could not be followed (unknown uuid, or the last failed read before the timeout).</summary>
        public CallbellException? Error { get; }
    }
}
