namespace Callbell
{
    /// <summary>
    /// How far a failed request got. This, not the wording of a message, decides whether the
    /// request may have acted (a message sent, a contact deleted) and so whether repeating it is safe.
    /// </summary>
    public enum RequestDelivery
    {
        /// <summary>It never left: bad input, or a connection that was refused. Repeating it cannot act twice.</summary>
        NotSent,

        /// <summary>It may have reached the server: it left, and no complete answer came back (timeout, dropped connection).</summary>
        Unknown,

        /// <summary>The server answered it, with <see cref="CallbellApiException.StatusCode"/>.</summary>
        Answered,
    }
}
