namespace Callbell.Sandbox.Faults
{
    /// <summary>The ways the sandbox can misbehave on purpose.</summary>
    public enum FaultKind
    {
        /// <summary>429 with Retry-After (seconds, or an HTTP date).</summary>
        RateLimit,
        /// <summary>A 5xx status (500 unless the rule says otherwise).</summary>
        ServerError,
        /// <summary>Headers promise the whole body, half is sent, then the connection is reset.</summary>
        DropConnection,
        /// <summary>A well-formed response whose JSON body is cut in half.</summary>
        TruncateBody,
        /// <summary>Answers normally after the rule's extra delay.</summary>
        Slow,
        /// <summary>Accepts the request and never answers.</summary>
        NeverAnswer,
        /// <summary>Sends the body one byte at a time, the rule's delay apart.</summary>
        DripBody,
        /// <summary>200 with an HTML error page.</summary>
        HtmlPage,
        /// <summary>200 with the right JSON but Content-Type text/plain.</summary>
        WrongContentType,
        /// <summary>200 with JSON nested 10,000 levels deep.</summary>
        DeepNesting,
        /// <summary>200 with a body of the rule's HugeBytes (default 300 MB), streamed.</summary>
        HugeBody,
        /// <summary>200 with bytes that are not UTF-8 inside a JSON string.</summary>
        InvalidUtf8,
        /// <summary>200 with the body "null".</summary>
        NullBody,
        /// <summary>200 with the body "42".</summary>
        NumberBody,
        /// <summary>200 with {"contacts": null}.</summary>
        NullList,
        /// <summary>302 to another host.</summary>
        Redirect,
        /// <summary>500 whose body echoes the Authorization header, as careless proxies do.</summary>
        EchoAuthorization,
        /// <summary>Answers every page as if page 1 had been asked: a server ignoring "page".</summary>
        IgnorePage,
        /// <summary>The documented error body with the rule's Status, Message and Code (e.g. 402 whatsapp_wallet_depleted_credit).</summary>
        ApiError,
        /// <summary>Reads the request, acts on it, and drops the connection without answering: the client cannot know it arrived.</summary>
        DropAfterRequest,
        /// <summary>Resets the connection without acting on the request.</summary>
        RefuseBeforeReading,
        /// <summary>Acts on the request, then answers with the rule's 5xx Status: a gateway that lost the answer.</summary>
        ServerErrorAfterActing,
        /// <summary>Acts on the request and answers its own body as text/plain: a success the client cannot read.</summary>
        PlainTextAfterActing,
    }
}
