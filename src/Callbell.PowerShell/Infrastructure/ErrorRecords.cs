using System;
using System.Management.Automation;

namespace Callbell.PowerShell.Infrastructure
{
    /// <summary>
    /// Builds ErrorRecords from library exceptions: the library's stable ErrorId, a category
    /// that matches the kind of failure, the target object, and the recommended action.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(CallbellException exception, object? target, string? command = null)
        {
            var api = exception as CallbellApiException ?? (exception as CallbellPageException)?.InnerException as CallbellApiException;
            var category = api?.ParameterErrors.Count > 0 ? ErrorCategory.InvalidArgument
                : api?.StatusCode == 402 ? ErrorCategory.QuotaExceeded // the wallet or the plan: nothing to retry until someone pays
                : CategoryFor(exception.Kind);
            var record = new ErrorRecord(exception, exception.ErrorId, category, target);
            var action = exception.RecommendedAction;
            if (exception is CallbellPageException page && command != null)
            {
                action = "Resume where it stopped: run " + command + " again with the same filters and "
                    + (page.After != null ? "-After " + page.After : "-Page " + page.Page) + " -All.";
            }

            if (action != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
            }

            return record;
        }

        public static ErrorCategory CategoryFor(CallbellErrorKind kind)
        {
            switch (kind)
            {
                case CallbellErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case CallbellErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case CallbellErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case CallbellErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case CallbellErrorKind.InvalidRequest: return ErrorCategory.InvalidOperation;
                case CallbellErrorKind.RateLimited: return ErrorCategory.LimitsExceeded;
                case CallbellErrorKind.ServerError: return ErrorCategory.ResourceUnavailable;
                case CallbellErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case CallbellErrorKind.Connection: return ErrorCategory.ConnectionError;
                case CallbellErrorKind.InvalidResponse: return ErrorCategory.InvalidResult;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }
    }
}
