namespace Callbell
{
    /// <summary>
    /// What went wrong, in terms a caller can act on. The PowerShell module maps each kind to an
    /// ErrorCategory; the library stays free of PowerShell types.
    /// </summary>
    public enum CallbellErrorKind
    {
        /// <summary>Bad settings or input, caught before any request was sent.</summary>
        InvalidArgument,
        /// <summary>No token, or the server refused it (401).</summary>
        Authentication,
        /// <summary>403.</summary>
        PermissionDenied,
        /// <summary>404.</summary>
        NotFound,
        /// <summary>Other 4xx: the server rejected the request.</summary>
        InvalidRequest,
        /// <summary>429 that outlasted the retry budget.</summary>
        RateLimited,
        /// <summary>5xx that outlasted the retry budget.</summary>
        ServerError,
        /// <summary>No complete answer within the configured timeout.</summary>
        Timeout,
        /// <summary>The connection failed or was dropped.</summary>
        Connection,
        /// <summary>The server answered, but not with what the API promises.</summary>
        InvalidResponse,
    }
}
