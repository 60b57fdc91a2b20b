using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// One Official Account push (a normal message or an event), after decryption.
/// </summary>
/// <remarks>
/// <para>
/// One type serves every <c>MsgType</c>: properties a type lacks are <see langword="null"/>. Values are the element
/// text as sent (numbers such as <c>MsgId</c>, which is 64-bit, stay strings). Unknown <c>MsgType</c> and
/// <c>Event</c> values are kept, not rejected, and every field is also available through <see cref="Fields"/>.
/// </para>
/// <para>
/// Normal messages: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
/// (<c>MsgDataId</c>/<c>Idx</c>: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends.html).
/// Events: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html.
/// </para>
/// </remarks>
public sealed record WeChatInboundMessage
{
    /// <summary>The <c>MsgType</c> of events.</summary>
    public const string EventMsgType = "event";

    /// <summary>Our account's original id (<c>gh_…</c>).</summary>
    public required string ToUserName { get; init; }

    /// <summary>The sender's OpenID.</summary>
    public required string FromUserName { get; init; }

    /// <summary>When WeChat created the push, in Unix seconds.</summary>
    public required long CreateTime { get; init; }

    /// <summary>The message type as sent: <c>text</c>, <c>image</c>, <c>voice</c>, <c>event</c>, ….</summary>
    public required string MsgType { get; init; }

    /// <summary>
    /// The 64-bit message id as text. Events have none, except TEMPLATESENDJOBFINISH, whose <c>MsgID</c> lands here
    /// through the case-insensitive lookup.
    /// </summary>
    public string? MsgId { get; init; }

    /// <summary>Text of a <c>text</c> message.</summary>
    public string? Content { get; init; }

    /// <summary>Id of the article a message came from (text and image messages sent from an article).</summary>
    public string? MsgDataId { get; init; }

    /// <summary>Index of the item within that article.</summary>
    public string? Idx { get; init; }

    /// <summary>Image URL of an <c>image</c> message.</summary>
    public string? PicUrl { get; init; }

    /// <summary>Temporary media id (valid three days) of an image, voice, video or short video.</summary>
    public string? MediaId { get; init; }

    /// <summary>Voice format (<c>amr</c>, <c>speex</c>).</summary>
    public string? Format { get; init; }

    /// <summary>Speech recognition result, only when the account enabled it (and possibly empty; pitfall P13).</summary>
    public string? Recognition { get; init; }

    /// <summary>Thumbnail media id of a video or short video.</summary>
    public string? ThumbMediaId { get; init; }

    /// <summary>Latitude of a <c>location</c> message (<c>Location_X</c>).</summary>
    public string? LocationX { get; init; }

    /// <summary>Longitude of a <c>location</c> message (<c>Location_Y</c>).</summary>
    public string? LocationY { get; init; }

    /// <summary>Map zoom of a <c>location</c> message.</summary>
    public string? Scale { get; init; }

    /// <summary>Place description of a <c>location</c> message.</summary>
    public string? Label { get; init; }

    /// <summary>Title of a <c>link</c> message.</summary>
    public string? Title { get; init; }

    /// <summary>Description of a <c>link</c> message.</summary>
    public string? Description { get; init; }

    /// <summary>URL of a <c>link</c> message.</summary>
    public string? Url { get; init; }

    /// <summary>
    /// The event name as sent; case-sensitive and inconsistent (<c>subscribe</c> but <c>SCAN</c>, <c>LOCATION</c>,
    /// <c>CLICK</c>, <c>VIEW</c>, <c>TEMPLATESENDJOBFINISH</c>).
    /// </summary>
    public string? Event { get; init; }

    /// <summary>
    /// The event key: <c>qrscene_&lt;scene&gt;</c> for a subscribe via a parametric QR code, the bare scene for
    /// <c>SCAN</c>, the menu key for <c>CLICK</c>, the URL for <c>VIEW</c>.
    /// </summary>
    public string? EventKey { get; init; }

    /// <summary>QR code ticket of a subscribe or SCAN event.</summary>
    public string? Ticket { get; init; }

    /// <summary>Latitude of a <c>LOCATION</c> event.</summary>
    public string? Latitude { get; init; }

    /// <summary>Longitude of a <c>LOCATION</c> event.</summary>
    public string? Longitude { get; init; }

    /// <summary>Precision of a <c>LOCATION</c> event.</summary>
    public string? Precision { get; init; }

    /// <summary>Delivery status of a TEMPLATESENDJOBFINISH event (<c>success</c>, <c>failed:user block</c>, …).</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Every direct child element of the push by name (case-insensitive), including those without a property here
    /// (e.g. <c>MenuId</c>, <c>bizmsgmenuid</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this push is an event (<c>MsgType</c> is <c>event</c>).</summary>
    public bool IsEvent => string.Equals(MsgType, EventMsgType, StringComparison.Ordinal);

    /// <summary>
    /// The key that identifies a push across WeChat's retries (it re-sends the same push after 5 s, three times in
    /// total, with the same MsgId and CreateTime).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>A push with a <c>MsgId</c> (every normal message, and TEMPLATESENDJOBFINISH with its <c>MsgID</c>):
    /// <c>msg:{MsgId}</c>.</item>
    /// <item>Any other push (events): <c>evt:{CreateTime}:{Event}:{EventKey}</c>, with <c>MsgType</c> standing in for a
    /// missing <c>Event</c> and an empty string for a missing <c>EventKey</c>.</item>
    /// </list>
    /// The conversation grain that checks the key is per account and per user already, so neither id is part of it.
    /// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html.
    /// </remarks>
    public string DedupKey => string.IsNullOrEmpty(MsgId)
        ? string.Create(CultureInfo.InvariantCulture, $"evt:{CreateTime}:{Event ?? MsgType}:{EventKey}")
        : $"msg:{MsgId}";

    /// <summary>Parses a decrypted push.</summary>
    /// <param name="xml">The plaintext push XML.</param>
    /// <param name="message">The message on success.</param>
    /// <param name="error">
    /// On failure a short, log-safe reason: one from <see cref="WeChatXml.TryParseFields"/>, or
    /// "missing ToUserName", "missing FromUserName", "missing CreateTime", "invalid CreateTime", "missing MsgType".
    /// </param>
    /// <returns><see langword="true"/> when the push has the common envelope fields.</returns>
    public static bool TryParse(
        string xml,
        [NotNullWhen(true)] out WeChatInboundMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (!WeChatXml.TryParseFields(xml, out var fields, out error))
        {
            return false;
        }

        if (!TryGetRequired(fields, "ToUserName", out var toUserName, out error)
            || !TryGetRequired(fields, "FromUserName", out var fromUserName, out error)
            || !TryGetRequired(fields, "CreateTime", out var createTimeText, out error)
            || !TryGetRequired(fields, "MsgType", out var msgType, out error))
        {
            return false;
        }

        if (!long.TryParse(
                createTimeText,
                NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture,
                out var createTime))
        {
            error = "invalid CreateTime";
            return false;
        }

        message = new WeChatInboundMessage
        {
            ToUserName = toUserName,
            FromUserName = fromUserName,
            CreateTime = createTime,
            MsgType = msgType,
            MsgId = Get(fields, "MsgId"),
            Content = Get(fields, "Content"),
            MsgDataId = Get(fields, "MsgDataId"),
            Idx = Get(fields, "Idx"),
            PicUrl = Get(fields, "PicUrl"),
            MediaId = Get(fields, "MediaId"),
            Format = Get(fields, "Format"),
            Recognition = Get(fields, "Recognition"),
            ThumbMediaId = Get(fields, "ThumbMediaId"),
            LocationX = Get(fields, "Location_X"),
            LocationY = Get(fields, "Location_Y"),
            Scale = Get(fields, "Scale"),
            Label = Get(fields, "Label"),
            Title = Get(fields, "Title"),
            Description = Get(fields, "Description"),
            Url = Get(fields, "Url"),
            Event = Get(fields, "Event"),
            EventKey = Get(fields, "EventKey"),
            Ticket = Get(fields, "Ticket"),
            Latitude = Get(fields, "Latitude"),
            Longitude = Get(fields, "Longitude"),
            Precision = Get(fields, "Precision"),
            Status = Get(fields, "Status"),
            Fields = fields,
        };
        error = null;
        return true;
    }

    private static string? Get(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;

    private static bool TryGetRequired(
        IReadOnlyDictionary<string, string> fields,
        string name,
        [NotNullWhen(true)] out string? value,
        [NotNullWhen(false)] out string? error)
    {
        if (fields.TryGetValue(name, out value) && value.Length > 0)
        {
            error = null;
            return true;
        }

        value = null;
        error = $"missing {name}";
        return false;
    }
}
