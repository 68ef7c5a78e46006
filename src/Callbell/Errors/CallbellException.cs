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

        public static CallbellException InvalidArgument(string parameterName, string message, string? recommendedAction = null)
        {
            return new CallbellException(CallbellErrorKind.InvalidArgument, "Callbell.InvalidArgument", message)
            {
                ParameterName = parameterName,
                RecommendedAction = recommendedAction,
            };
        }
    }
}
