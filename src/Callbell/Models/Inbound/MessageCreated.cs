using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Callbell.Json.Converters;

namespace Callbell.Webhooks
{
    /// <summary>
    /// The payload of message_created. Callbell shows no message uuid here. The optional parts
    /// (contact card, reply context, forward, interactive list, location, reply buttons) are
    /// null when the message has none.
    /// </summary>
    public sealed class MessageCreated : ApiObject
    {
        public string? To { get; set; }

        public string? From { get; set; }

        public string? Text { get; set; }

        /// <summary>Attachment URLs.</summary>
        public List<string>? Attachments { get; set; }

        /// <summary>received or sent.</summary>
        public string? Status { get; set; }

        /// <summary>The channel type, e.g. whatsapp.</summary>
        public string? Channel { get; set; }

        /// <summary>The contact, partial: no custom fields, assigned user or team.</summary>
        public Contact? Contact { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>The metadata sent with the message, echoed back.</summary>
        [JsonConverter(typeof(PlainValueConverter))]
        public object? Metadata { get; set; }

        public ContactCard? MessageContactCard { get; set; }

        /// <summary>The message this one replies to. The reference's field table spells it mesageContext; both are read.</summary>
        public MessageContext? MessageContext { get; set; }

        public MessageForward? MessageForward { get; set; }

        public InteractiveList? MessageInteractiveList { get; set; }

        public MessageLocation? MessageLocation { get; set; }

        public ReplyButtons? MessageReplyButton { get; set; }

        [JsonInclude]
        [JsonPropertyName("mesageContext")]
        internal MessageContext? MisspelledMessageContext
        {
            get => null;
            set => MessageContext ??= value;
        }

        public override string ToString() => Text ?? string.Empty;
    }

    /// <summary>Shared contact cards: the reference nests them under contactsInfo.</summary>
    public sealed class ContactCard : ApiObject
    {
        public List<ContactCardEntry>? ContactsInfo { get; set; }

        public override string ToString() => ContactsInfo is null ? string.Empty : string.Join(", ", ContactsInfo);
    }

    /// <summary>One shared contact: a name and its phones.</summary>
    public sealed class ContactCardEntry : ApiObject
    {
        public string? Name { get; set; }

        public List<ContactCardPhone>? Phones { get; set; }

        public override string ToString() => Name ?? string.Empty;
    }

    /// <summary>A phone on a contact card: objects, not strings.</summary>
    public sealed class ContactCardPhone : ApiObject
    {
        public string? Phone { get; set; }

        [JsonPropertyName("wa_id")]
        public string? WaId { get; set; }

        public string? Type { get; set; }

        public override string ToString() => Phone ?? WaId ?? string.Empty;
    }

    /// <summary>The message a reply refers to, as the reference lists it: target, text, createdAt, status.</summary>
    public sealed class MessageContext : ApiObject
    {
        /// <summary>What the reply points at; its fields are not documented, so they are kept as plain values.</summary>
        [JsonConverter(typeof(PlainValueConverter))]
        public object? Target { get; set; }

        public string? Text { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public string? Status { get; set; }

        public override string ToString() => Text ?? string.Empty;
    }

    /// <summary>Marks a forwarded message.</summary>
    public sealed class MessageForward : ApiObject
    {
        public bool? Forwarded { get; set; }

        public bool? FrequentlyForwarded { get; set; }

        public override string ToString() => FrequentlyForwarded == true ? "frequently forwarded" : "forwarded";
    }

    /// <summary>An interactive list message, or the customer's choice from one.</summary>
    public sealed class InteractiveList : ApiObject
    {
        public string? Title { get; set; }

        public string? Text { get; set; }

        /// <summary>Arrives as JSON inside a string; read here as the plain values it holds.</summary>
        [JsonConverter(typeof(EmbeddedJsonConverter))]
        public object? Metadata { get; set; }

        public override string ToString() => Title ?? Text ?? string.Empty;
    }

    /// <summary>A shared location.</summary>
    public sealed class MessageLocation : ApiObject
    {
        public LocationCoordinates? Coordinates { get; set; }

        public string? GoogleMapsLocation { get; set; }

        public override string ToString() => Coordinates?.ToString() ?? string.Empty;
    }

    /// <summary>Coordinates as Callbell sends them: x is the latitude, y the longitude.</summary>
    public sealed class LocationCoordinates : ApiObject
    {
        public decimal? X { get; set; }

        public decimal? Y { get; set; }

        [JsonIgnore]
        public decimal? Latitude => X;

        [JsonIgnore]
        public decimal? Longitude => Y;

        public override string ToString() => FormattableString.Invariant($"{X}, {Y}");
    }

    /// <summary>A reply-buttons message, or the customer's press of one: everything is in its metadata, an object here unlike the interactive list's.</summary>
    public sealed class ReplyButtons : ApiObject
    {
        public ReplyButtonMetadata? Metadata { get; set; }

        public override string ToString() => Metadata?.ToString() ?? string.Empty;
    }

    public sealed class ReplyButtonMetadata : ApiObject
    {
        public string? Type { get; set; }

        public ReplyButtonContent? Content { get; set; }

        public List<ReplyButtonOption>? Options { get; set; }

        public override string ToString() => Content?.Text ?? Type ?? string.Empty;
    }

    /// <summary>What the buttons message shows.</summary>
    public sealed class ReplyButtonContent : ApiObject
    {
        public string? Url { get; set; }

        public string? Text { get; set; }

        public string? Header { get; set; }

        public string? Caption { get; set; }

        public string? Filename { get; set; }

        public string? ContentType { get; set; }

        public override string ToString() => Text ?? Caption ?? Url ?? string.Empty;
    }

    public sealed class ReplyButtonOption : ApiObject
    {
        public string? Type { get; set; }

        public string? Title { get; set; }

        [JsonPropertyName("postback_url")]
        public string? PostbackUrl { get; set; }

        [JsonPropertyName("postback_text")]
        public string? PostbackText { get; set; }

        public override string ToString() => Title ?? PostbackText ?? string.Empty;
    }
}
