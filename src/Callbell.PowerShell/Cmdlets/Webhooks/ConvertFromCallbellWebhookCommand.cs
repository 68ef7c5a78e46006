using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Text;
using Callbell.PowerShell.Infrastructure;
using Callbell.Webhooks;

namespace Callbell.PowerShell.Cmdlets.Webhooks
{
    /// <summary>
    /// <para type="synopsis">Turns the body Callbell posted to a webhook into a typed event, verifying its signature when given the secret.</para>
    /// <para type="description">Takes each raw body (text, or bytes as one array or streamed byte by byte) and writes one event per body: a MessageCreatedEvent, ContactUpdatedEvent, … with its Payload typed, or an UnknownEvent for names this version does not know. The reference's misspellings (mesageContext, lastUpdateAt) are read, an interactive list's metadata (JSON inside a string) is read into values, and unknown fields are kept in AdditionalFields. With -Secret (the whsec_ signing secret, as a SecureString or text) and -Signature (the X-Callbell-Signature header's value), it checks the HMAC-SHA256 of "t.body" in constant time and that t is within -Tolerance of now; a failure is an error that says which check failed and never shows the secret. Verify the body exactly as received: text re-encoded or JSON re-serialised no longer matches. A body that is not a Callbell event is an error for that body; the others go on.</para>
    /// </summary>
    /// <example>
    ///   <code>$event = $request.Body | ConvertFrom-CallbellWebhook -Secret $env:CALLBELL_WEBHOOK_SECRET -Signature $request.Headers['X-Callbell-Signature']</code>
    ///   <para>In a web framework's handler (Pode, an Azure Function): verify and read one delivery.</para>
    /// </example>
    /// <example>
    ///   <code>Get-Content ./saved-event.json -Raw | ConvertFrom-CallbellWebhook | Select-Object -ExpandProperty Payload</code>
    ///   <para>Reads a saved body (use -Raw: line by line, each line would be read as a body).</para>
    /// </example>
    /// <example>
    ///   <code>Get-CallbellWebhookEvent -Status failed -First 1 | ForEach-Object { $_.Payload }</code>
    ///   <para>The delivery log's payloads are already typed the same way.</para>
    /// </example>
    [Cmdlet(VerbsData.ConvertFrom, "CallbellWebhook")]
    [OutputType(typeof(InboundEvent))]
    public sealed class ConvertFromCallbellWebhookCommand : CallbellCmdlet
    {
        private readonly List<byte> _streamedBytes = new List<byte>();
        private string? _secret;

        /// <summary>The raw body: a string, a byte array, or bytes streamed one by one. Binds from the pipeline, by value or by a Body property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public object Body { get; set; } = null!;

        /// <summary>The webhook signing secret from the dashboard, whsec_ included, as a SecureString or text. Needs -Signature.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? Secret { get; set; }

        /// <summary>The X-Callbell-Signature header's value (t=…,v1=…). Needs -Secret. Binds by a Signature property.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("X-Callbell-Signature")]
        public string? Signature { get; set; }

        /// <summary>How far the signature's time may be from this machine's clock. Default: 5 minutes.</summary>
        [Parameter]
        public TimeSpan Tolerance { get; set; } = WebhookSignature.DefaultTolerance;

        protected override void BeginProcessing()
        {
            _secret = Secret is null ? null : SecureStrings.Reveal(Secret);
            try
            {
                WebhookSignature.RequireTolerance(Tolerance);
                if (_secret != null)
                {
                    WebhookSignature.RequireSecret(_secret);
                }
            }
            catch (CallbellException ex)
            {
                Terminate(ex);
            }
        }

        protected override void ProcessItem()
        {
            if (_secret is null && !string.IsNullOrEmpty(Signature))
            {
                Terminate(CallbellException.InvalidArgument("Signature", "-Signature was given without -Secret, so nothing can be verified.", "Add -Secret with the webhook's whsec_ signing secret, or leave -Signature out to read without verifying."));
            }

            var value = Body is PSObject wrapped ? wrapped.BaseObject : Body;
            switch (value)
            {
                case byte single:
                    _streamedBytes.Add(single); // Get-Content -AsByteStream and piped byte arrays arrive byte by byte
                    return;
                case byte[] bytes:
                    Convert(bytes, Signature);
                    return;
                case string text:
                    Convert(Encoding.UTF8.GetBytes(text), Signature);
                    return;
                default:
                    WriteItemError(CallbellException.InvalidArgument("Body", "-Body takes the raw body as text or bytes; it was a " + (value?.GetType().Name ?? "null") + ", which cannot be checked against a signature (in Azure Functions pass $Request.RawBody, not $Request.Body).", "Pass the request body exactly as received: in Azure Functions $Request.RawBody ($Request.Body is already parsed, and its signature cannot be checked), else the body text, or Get-Content ./event.json -Raw."), value, null);
                    return;
            }
        }

        protected override void EndProcessing()
        {
            if (_streamedBytes.Count > 0)
            {
                Convert(_streamedBytes.ToArray(), Signature);
            }

            base.EndProcessing();
        }

        private void Convert(byte[] body, string? signature)
        {
            try
            {
                // Verified before it is parsed: an unsigned body never reaches the JSON reader.
                DateTimeOffset? signedAt = _secret is null ? (DateTimeOffset?)null : WebhookSignature.Verify(body, signature, _secret, Tolerance, DateTimeOffset.UtcNow);
                var inbound = InboundEventReader.Read(body);
                if (signedAt.HasValue)
                {
                    inbound.SignedAt = signedAt.Value;
                    inbound.Verified = true;
                }

                WriteObject(inbound);
            }
            catch (CallbellException ex)
            {
                WriteItemError(ex, Preview(body), null);
            }
        }

        private static string Preview(byte[] body)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 80));
            return body.Length > 80 ? text + "…" : text;
        }
    }
}
