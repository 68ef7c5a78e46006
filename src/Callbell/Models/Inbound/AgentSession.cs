namespace Callbell.Webhooks
{
    /// <summary>The payload of agent_session_updated.</summary>
    public sealed class AgentSession : ApiObject
    {
        /// <summary>user_logged_in, user_logged_out or system_logged_out.</summary>
        public string? Action { get; set; }

        public TeamMember? User { get; set; }

        public override string ToString() => (User?.ToString() ?? string.Empty) + " " + Action;
    }
}
