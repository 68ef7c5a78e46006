using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Callbell.Bulk;
using Callbell.Messages;
using Callbell.PowerShell.Completers;
using Callbell.PowerShell.Infrastructure;

namespace Callbell.PowerShell.Cmdlets.Messages
{
    /// <summary>
    /// <para type="synopsis">Sends WhatsApp, Instagram, Facebook or Telegram messages: text, image, document, audio, video, or a template.</para>
    /// <para type="description">Sends one message per recipient: -To (a phone number or platform id), -Bsuid, or contacts and CSV rows from the pipeline (their PhoneNumber or Bsuid binds). The channel defaults to the account's main channel of the -From type, looked up once (-Verbose says which). A send is never repeated after it may have reached the server: a 5xx, a timeout or a dropped connection is an error for that recipient that says the message may or may not have gone out, names the recipient and the metadata, and lets the other sends go on. A 429 and a refused connection are retried. A 402 whatsapp_wallet_depleted_credit ends the command at once, after writing what was already sent. Each recipient gets at most one message per invocation unless -AllowDuplicateRecipient: a recipient counts once a send to it was accepted, so a row skipped by -WhatIf, declined, or failed does not stop a later row for the same recipient. Template values bind from a TemplateValue column, or from a script block per row: -TemplateValue { $_.Name, $_.Date }.</para>
    /// </summary>
    /// <example>
    ///   <code>Send-CallbellMessage -To +393331234567 -Text 'Your order has shipped'</code>
    ///   <para>Sends a text from the main WhatsApp channel and writes the send request (uuid, status).</para>
    /// </example>
    /// <example>
    ///   <code>Import-Csv reminders.csv | Send-CallbellMessage -TemplateUuid 7e00a1b2c3d4e5f60718293a4b5c6d7e8 -TemplateValue { $_.Name, $_.Date, $_.Time } -Metadata @{ campaign = 'reminders' }</code>
    ///   <para>Sends the appointment-reminder template to each row's PhoneNumber, with three variables from the row's columns.</para>
    /// </example>
    /// <example>
    ///   <code>Send-CallbellMessage -To +393331234567 -TemplateUuid 7e02a1b2c3d4e5f60718293a4b5c6d7e8 -Type image -Url https://example.com/offer.png -TemplateValue 'Anna'</code>
    ///   <para>Sends a media template: the image goes in content.url, the variables in template_values.</para>
    /// </example>
    /// <example>
    ///   <code>Send-CallbellMessage -To +393331234567 -Type image -Url https://example.com/map.png -Caption 'How to find us' | Wait-CallbellMessage -TimeoutSec 30</code>
    ///   <para>Sends an image with a caption and waits until it is delivered.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Send, "CallbellMessage", DefaultParameterSetName = TextSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MessageSendRequest))]
    public sealed class SendCallbellMessageCommand : CallbellChangeCmdlet
    {
        private const string TextSet = "Text";
        private const string MediaSet = "Media";
        private const string TemplateSet = "Template";

        // Recipients a send was accepted for. Sends to one recipient never overlap (the item key),
        // so a row is checked against this only after the row before it for the same recipient ended.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _sent = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _channels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private int _row;

        /// <summary>The country of phone numbers written without a country code (333 765 4321): a region such as IT or a calling code such as 39. Default: Connect-Callbell -DefaultCountryCode or $env:CALLBELL_DEFAULT_COUNTRY_CODE; without one such a number is refused, since it could be anyone's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DefaultCountryCode { get; set; }

        /// <summary>The recipient's phone number or platform id. Binds from the pipeline by a To or PhoneNumber property.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PhoneNumber")]
        [AllowEmptyString]
        public string? To { get; set; }

        /// <summary>The recipient's business-scoped user id, used when there is no -To. Binds from the pipeline by a Bsuid property.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Bsuid { get; set; }

        /// <summary>The text of a text message; in a template with one variable, its value.</summary>
        [Parameter(ParameterSetName = TextSet, Mandatory = true, Position = 1)]
        [Parameter(ParameterSetName = TemplateSet)]
        [ValidateNotNullOrEmpty]
        public string Text { get; set; } = null!;

        /// <summary>The kind of media: image, document, audio or video. With -TemplateUuid, a media template: image, document or video (with -Url).</summary>
        [Parameter(ParameterSetName = MediaSet, Mandatory = true)]
        [Parameter(ParameterSetName = TemplateSet)]
        [ValidateSet("image", "document", "audio", "video")]
        public string Type { get; set; } = null!;

        /// <summary>The media's public http(s) address; with -TemplateUuid, a media template's media.</summary>
        [Parameter(ParameterSetName = MediaSet, Mandatory = true)]
        [Parameter(ParameterSetName = TemplateSet)]
        [ValidateNotNullOrEmpty]
        public Uri Url { get; set; } = null!;

        /// <summary>A caption; documented only for images.</summary>
        [Parameter(ParameterSetName = MediaSet)]
        [ValidateNotNullOrEmpty]
        public string? Caption { get; set; }

        /// <summary>The template to send (Tab completes titles). Templates reach contacts outside the 24-hour window.</summary>
        [Parameter(ParameterSetName = TemplateSet, Mandatory = true)]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        [ValidateNotNullOrEmpty]
        public string TemplateUuid { get; set; } = null!;

        /// <summary>The template's variables, in order. Binds from a TemplateValue column; a script block computes them per row.</summary>
        [Parameter(ParameterSetName = TemplateSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? TemplateValue { get; set; }

        /// <summary>The channel type: whatsapp, instagram, facebook or telegram. Default: whatsapp.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SourceCompleter))]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = "whatsapp";

        /// <summary>The channel to send from (Tab completes titles). Default: the account's main channel of the -From type.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ChannelCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ChannelUuid { get; set; }

        /// <summary>Up to 10 keys of at most 50 characters, values of at most 500; echoed in webhooks. No sensitive data.</summary>
        [Parameter]
        public Hashtable? Metadata { get; set; }

        /// <summary>Assigns the conversation to this agent (a team member's e-mail).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AssignedUser { get; set; }

        /// <summary>Assigns the conversation to this team.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(TeamCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TeamUuid { get; set; }

        /// <summary>Starts (bot_start) or stops (bot_end) the conversation's bot.</summary>
        [Parameter]
        [ValidateSet("bot_start", "bot_end")]
        public string? BotStatus { get; set; }

        /// <summary>Adds the recipient's contact to the result.</summary>
        [Parameter]
        public SwitchParameter IncludeContact { get; set; }

        /// <summary>Adds the conversation to the result.</summary>
        [Parameter]
        public SwitchParameter IncludeConversation { get; set; }

        /// <summary>Sends again to a recipient this invocation already sent to.</summary>
        [Parameter]
        public SwitchParameter AllowDuplicateRecipient { get; set; }

        /// <summary>The piped row itself: a failed send's error carries it as its TargetObject, to export and send again.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessItem()
        {
            _row++;
            var prefix = MyInvocation.ExpectingInput ? "Row " + _row + ": " : null;
            var draft = new MessageDraft
            {
                From = From,
                To = string.IsNullOrWhiteSpace(To) ? null : To,
                Bsuid = string.IsNullOrWhiteSpace(Bsuid) ? null : Bsuid,
                Type = ParameterSetName == MediaSet || MyInvocation.BoundParameters.ContainsKey(nameof(Type)) ? Type : "text",
                Text = ParameterSetName == MediaSet ? Caption : MyInvocation.BoundParameters.ContainsKey(nameof(Text)) ? Text : null,
                Url = ParameterSetName == MediaSet || MyInvocation.BoundParameters.ContainsKey(nameof(Url)) ? Url.OriginalString : null,
                TemplateUuid = ParameterSetName == TemplateSet ? TemplateUuid : null,
                TemplateValues = ParameterSetName == TemplateSet ? TemplateValue : null,
                AssignedUser = AssignedUser,
                TeamUuid = TeamUuid,
                BotStatus = BotStatus,
                IncludeContact = IncludeContact,
                IncludeConversation = IncludeConversation,
                Metadata = Metadata?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, e => Convert.ToString(e.Value is PSObject o ? o.BaseObject : e.Value, CultureInfo.InvariantCulture) ?? string.Empty),
            };

            try
            {
                // One spelling per recipient: the "already sent to" rule, the pipeline key and the journal see one person.
                draft.To = draft.To is null ? null : Phone(draft.To, nameof(To), DefaultCountryCode);
                draft.ChannelUuid = ChannelUuid ?? MainChannel(draft.From);
                draft.Body(); // every value checked before any request
            }
            catch (CallbellException ex)
            {
                WriteItemError(ex, InputObject ?? (object?)draft.Recipient, prefix);
                return;
            }

            var what = draft.TemplateUuid != null ? "template " + draft.TemplateUuid : draft.Type == "text" ? "text" : draft.Type;
            var item = new WorkItem
            {
                Target = InputObject ?? (object?)draft.Recipient,
                Key = draft.RecipientKey,
                ErrorPrefix = prefix,
                Approve = _ =>
                {
                    if (!AllowDuplicateRecipient && _sent.ContainsKey(draft.RecipientKey))
                    {
                        throw CallbellException.InvalidArgument("To", "A message was already sent to " + draft.Recipient + " in this command; it is not sent twice.", "Use -AllowDuplicateRecipient to send to a recipient more than once.");
                    }

                    return Approved("message to " + draft.Recipient, "Send " + what);
                },
                Execute = async (_, ct) =>
                {
                    var sent = await Client.Messages.SendAsync(draft, ct).ConfigureAwait(false);
                    _sent[draft.RecipientKey] = true;
                    return sent;
                },
                Write = WriteObject,
                IsFatal = ex => ex is CallbellApiException api && (api.ErrorCode == "whatsapp_wallet_depleted_credit" || api.StatusCode == 402),
                Explain = ex => ex.MayHaveTakenEffect
                    ? "The message to " + draft.Recipient + " may or may not have been sent" + (draft.Metadata?.Count > 0 ? " (metadata " + string.Join(", ", draft.Metadata.Select(m => m.Key + "=" + m.Value)) + ")" : string.Empty)
                        + "; it was not sent again. Check the conversation (Get-CallbellContactMessage) before sending again. "
                    : null,
            };

            // The same message to the same recipient from the same channel is one item across runs.
            var journalKey = "send\n" + draft.RecipientKey + "\n" + draft.ChannelUuid + "\n"
                + BoundIdentity(nameof(To), nameof(Bsuid), nameof(ChannelUuid), nameof(AllowDuplicateRecipient), nameof(IncludeContact), nameof(IncludeConversation));
            if (Journaled(item, journalKey, "message to " + draft.Recipient, prefix))
            {
                Items(ThrottleLimit).Add(item);
            }
        }

        private string MainChannel(string type)
        {
            if (!_channels.TryGetValue(type, out var uuid))
            {
                uuid = Await(Client.Messages.MainChannelAsync(type, CancellationToken));
                _channels[type] = uuid;
                WriteVerbose("Sending from the main " + type + " channel " + uuid + " (-ChannelUuid chooses another).");
            }

            return uuid;
        }
    }
}
