namespace Callbell.Sandbox
{
    /// <summary>How a sandbox starts: where it listens and what data it serves.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; }

        /// <summary>The token the sandbox accepts; null generates a test_ token.</summary>
        public string? Token { get; set; }

        /// <summary>How many generated contacts exist.</summary>
        public int Contacts { get; set; } = 1000;

        /// <summary>Contacts per page of GET /contacts.</summary>
        public int PageSize { get; set; } = 50;

        /// <summary>Whether contacts carry a field the module does not model (the API grows).</summary>
        public bool UnknownFields { get; set; } = true;

        /// <summary>Whether each request is kept for inspection. Off for very long benchmarks.</summary>
        public bool RecordRequests { get; set; } = true;
    }
}
