using System;
using System.Collections.Generic;
using System.Linq;
using Callbell.Http;

namespace Callbell.Messages
{
    /// <summary>
    /// One message to send: its kind and content, the recipient, the channel, and the options of
    /// POST /messages/send. <see cref="Body"/> checks everything before any request, naming the
    /// parameter: recipients safe in a body, absolute http(s) URLs, the metadata limits, no empty
    /// template value, a caption only on an image.
    /// </summary>
    public sealed class MessageDraft
    {
        public const int MaxMetadataKeys = 10;
        public const int MaxMetadataKeyLength = 50;
        public const int MaxMetadataValueLength = 500;

        private static readonly string[] MediaTypes = { "image", "document", "audio", "video" };

        /// <summary>The channel type: whatsapp (default), instagram, facebook, telegram.</summary>
        public string From { get; set; } = "whatsapp";

        /// <summary>text, image, document, audio or video.</summary>
        public string Type { get; set; } = "text";

        public string? Text { get; set; }

        public string? Url { get; set; }

        /// <summary>A phone number or platform id. Wins over <see cref="Bsuid"/> when both are set, as in the API.</summary>
        public string? To { get; set; }

        public string? Bsuid { get; set; }

        public string? ChannelUuid { get; set; }

        public string? TemplateUuid { get; set; }

        public IList<string>? TemplateValues { get; set; }

        public string? AssignedUser { get; set; }

        public string? TeamUuid { get; set; }

        public string? BotStatus { get; set; }

        public bool IncludeContact { get; set; }

        public bool IncludeConversation { get; set; }

        public IDictionary<string, string>? Metadata { get; set; }

        /// <summary>Who it goes to, as a person reads it.</summary>
        public string Recipient => !string.IsNullOrEmpty(To) ? To! : Bsuid ?? "(no recipient)";

        /// <summary>The recipient as a key for "at most once per invocation": digits of a phone number, or the id.</summary>
        public string RecipientKey => !string.IsNullOrEmpty(To) ? Identifier.Normalised(To) : "bsuid:" + Bsuid;

        public JsonBody Body()
        {
            if (string.IsNullOrEmpty(To) && string.IsNullOrEmpty(Bsuid))
            {
                throw CallbellException.InvalidArgument("To", "There is no recipient.", "Pass -To (a phone number or platform id) or -Bsuid, or pipe contacts in.");
            }

            var type = Identifier.Validate(Type, "Type");
            var template = TemplateUuid is null ? null : Identifier.Validate(TemplateUuid, "TemplateUuid");
            if (type != "text" && !MediaTypes.Contains(type))
            {
                throw CallbellException.InvalidArgument("Type", "Type must be text, image, document, audio or video; it was '" + Identifier.Printable(type) + "'.");
            }

            if (template is null && type == "text" && string.IsNullOrWhiteSpace(Text))
            {
                throw CallbellException.InvalidArgument("Text", "The message has no text.", "Pass -Text.");
            }

            if (template != null && type == "text" && string.IsNullOrEmpty(Text) && !(TemplateValues?.Count > 0))
            {
                // The reference requires content on every send, and a text send's content is {text}: an empty {} is no documented shape.
                throw CallbellException.InvalidArgument("Text", "A template send needs its content: the reference requires content.text on every text send, templates included.", "Pass -TemplateValue with the template's values, or -Text with its variable (for a template without variables, its text).");
            }

            if (type == "text" && Url != null)
            {
                throw CallbellException.InvalidArgument("Type", "-Url was given for a " + (template is null ? "text message" : "text template") + ": the media would not be sent as media.", "Add -Type image, document or video (a media " + (template is null ? "message" : "template") + ").");
            }

            if (type != "text" && Url is null)
            {
                throw CallbellException.InvalidArgument("Url", "A " + type + (template is null ? " message" : " template") + " needs -Url: the media goes in content.url.");
            }

            if (template != null && type == "audio")
            {
                throw CallbellException.InvalidArgument("Type", "Media templates are documented as image, document or video; an audio template is not.", "Use -Type image, document or video.");
            }

            if (template is null && type != "text" && type != "image" && !string.IsNullOrEmpty(Text))
            {
                throw CallbellException.InvalidArgument("Caption", "A caption is documented only for images; a " + type + " takes none.", "Leave -Caption out, or send the text as its own message.");
            }

            var values = TemplateValues is null ? null : CheckTemplateValues(TemplateValues);

            // content is required on every send, templates included (every reference example sends
            // it); a template's one variable goes in content.text, and template_values win over it.
            var text = Text ?? (template != null && values?.Length > 0 ? values[0] : null);
            var content = new JsonBody().Set("text", text).Set("url", Url is null ? null : CheckUrl(Url));
            return new JsonBody()
                .Set("from", Identifier.Validate(From, "From"))
                .Set("to", string.IsNullOrEmpty(To) ? null : CheckRecipient(To!))
                .Set("bsuid", !string.IsNullOrEmpty(To) || string.IsNullOrEmpty(Bsuid) ? null : Identifier.Validate(Bsuid, "Bsuid"))
                .Set("type", type)
                .Set("content", ContentMap(content))
                .Set("channel_uuid", Identifier.Validate(ChannelUuid, "ChannelUuid"))
                .Set("template_uuid", template)
                .Set("optin_contact", template != null ? (object)true : null)
                .Set("template_values", values)
                .Set("assigned_user", AssignedUser is null ? null : Contacts.ContactChanges.CheckEmail(AssignedUser, "AssignedUser"))
                .Set("team_uuid", TeamUuid is null ? null : Identifier.Validate(TeamUuid, "TeamUuid"))
                .Set("bot_status", BotStatus)
                .Set("fields", IncludeContact || IncludeConversation ? string.Join(",", new[] { IncludeContact ? "contact" : null, IncludeConversation ? "conversation" : null }.Where(f => f != null)) : null)
                .Set("metadata", Metadata is null ? null : CheckMetadata(Metadata));
        }

        /// <summary>A phone number (digits, separators, a leading +) or a platform id (letters, digits, - _ .): nothing that could break the body or the log.</summary>
        public static string CheckRecipient(string to)
        {
            var text = to.Trim();
            var phone = text.Length > 0 && text.All(c => char.IsDigit(c) || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') && text.Any(char.IsDigit);
            if (phone)
            {
                return Identifier.Validate(text, "To", IdentifierKind.PhoneNumber);
            }

            return Identifier.Validate(text, "To");
        }

        private static string CheckUrl(string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw CallbellException.InvalidArgument("Url", "Url '" + Identifier.Printable(url) + "' is not an absolute http or https address.", "Use a public address such as https://example.com/file.pdf.");
            }

            return uri.AbsoluteUri;
        }

        private static string[] CheckTemplateValues(IList<string> values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(values[i]))
                {
                    throw CallbellException.InvalidArgument("TemplateValue", "Template value " + (i + 1) + " is empty; WhatsApp refuses a template with an empty variable.", "Give every variable a value.");
                }
            }

            return values.ToArray();
        }

        private static Dictionary<string, string> CheckMetadata(IDictionary<string, string> metadata)
        {
            if (metadata.Count > MaxMetadataKeys)
            {
                throw CallbellException.InvalidArgument("Metadata", "Metadata has " + metadata.Count + " keys; the API allows at most " + MaxMetadataKeys + ".");
            }

            foreach (var pair in metadata)
            {
                if (string.IsNullOrEmpty(pair.Key) || pair.Key.Length > MaxMetadataKeyLength || pair.Key.Any(char.IsControl))
                {
                    throw CallbellException.InvalidArgument("Metadata", "Metadata key '" + Identifier.Printable(pair.Key ?? string.Empty) + "' must be 1 to " + MaxMetadataKeyLength + " characters, without control characters.");
                }

                if (pair.Value is null || pair.Value.Length > MaxMetadataValueLength)
                {
                    throw CallbellException.InvalidArgument("Metadata", "Metadata value of '" + pair.Key + "' must be text of at most " + MaxMetadataValueLength + " characters.");
                }
            }

            return new Dictionary<string, string>(metadata);
        }

        private static Dictionary<string, object?> ContentMap(JsonBody content)
        {
            using var document = System.Text.Json.JsonDocument.Parse(content.ToBytes());
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        }
    }
}
