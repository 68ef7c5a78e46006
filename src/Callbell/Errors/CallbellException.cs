using System;

namespace Callbell
{
    /// <summary>
    /// The one exception type callers need to catch. <see cref="ErrorId"/> is stable across
    /// versions so scripts and the module's ErrorRecords can key on it.
    /// </summary>
    public class CallbellException : Exception
    {
        public CallbellException(CallbellErrorKind kind, string errorId, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            ErrorId = errorId;
        }

        public CallbellErrorKind Kind { get; }

        public string ErrorId { get; }

        /// <summary>The parameter or setting at fault, when the error is about input.</summary>
        public string? ParameterName { get; protected set; }

        /// <summary>What the caller can do about it, when there is something to say.</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>How far the request got. Errors raised before any request are <see cref="RequestDelivery.NotSent"/>.</summary>
        public RequestDelivery Delivery { get; protected set; }

        /// <summary>
        /// True when the request may have acted on the server even though it failed: no complete
        /// answer came back, or the server answered with a 5xx after it may have done the work.
        /// </summary>
        public virtual bool MayHaveTakenEffect => Delivery == RequestDelivery.Unknown;

        public static CallbellException InvalidArgument(string parameterName, string message, string? recommendedAction = null) =>
            InvalidArgument(parameterName, message, recommendedAction, "Callbell.InvalidArgument");

        /// <summary>Bad input under an ErrorId of its own (Callbell.ConnectionClosed, Callbell.JournalInUse).</summary>
        public static CallbellException InvalidArgument(string parameterName, string message, string? recommendedAction, string errorId)
        {
            return new CallbellException(CallbellErrorKind.InvalidArgument, errorId, message)
            {
                ParameterName = parameterName,
                RecommendedAction = recommendedAction,
            };
        }
    }
}
