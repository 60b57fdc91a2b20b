using System.Globalization;
using CustomerService.Channels.Text;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.IngressApi.WeChat;

/// <summary>
/// Maps a verified Official Account push onto the channel-neutral contract. Message and event names follow
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html and
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html.
/// </summary>
public static class WeChatInboundMapper
{
    /// <summary>What WeChat sends in place of a sticker or other content it cannot forward.</summary>
    public const string UnsupportedPlaceholder = "【收到不支持的消息类型，暂无法显示】";

    public static InboundMessage Map(WeChatInboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (kind, text, eventKey) = Classify(message);
        return new InboundMessage
        {
            DedupId = message.DedupKey,
            Kind = kind,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(message.CreateTime),
            // Lone surrogates (a character reference such as &#xD800;) would break normalisation and the JSON
            // state write downstream; they are repaired here, once, at the edge.
            Text = Utf16Text.ReplaceLoneSurrogatesOrNull(text),
            EventKey = Utf16Text.ReplaceLoneSurrogatesOrNull(eventKey),
            PlatformType = message.IsEvent ? string.Create(CultureInfo.InvariantCulture, $"event/{message.Event}") : message.MsgType,
            PlatformMessageId = message.MsgId,
        };
    }

    private static string? Field(WeChatInboundMessage message, string name) =>
        message.Fields.TryGetValue(name, out var value) ? value : null;

    private static (InboundKind Kind, string? Text, string? EventKey) Classify(WeChatInboundMessage message)
    {
        if (message.IsEvent)
        {
            // Event values are case-sensitive on the wire (subscribe is lower case, SCAN/CLICK upper case);
            // we accept any case because SDK fixtures and the docs disagree (wechat.md P14).
            var kind = message.Event?.ToUpperInvariant() switch
            {
                "SUBSCRIBE" => InboundKind.Subscribe,
                "UNSUBSCRIBE" => InboundKind.Unsubscribe,
                "SCAN" => InboundKind.Scan,
                "CLICK" => InboundKind.MenuClick,
                "VIEW" => InboundKind.MenuView,
                "LOCATION" => InboundKind.LocationReport,
                "TEMPLATESENDJOBFINISH" => InboundKind.DeliveryReceipt,

                // Scan-code menu buttons are menu interactions: they grant the same 3 messages in 1 minute.
                "SCANCODE_PUSH" or "SCANCODE_WAITMSG" => InboundKind.MenuClick,

                // Legacy multi-agent (多客服) session events
                // (https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html).
                "KF_CREATE_SESSION" => InboundKind.HumanSessionOpened,
                "KF_CLOSE_SESSION" => InboundKind.HumanSessionClosed,
                "KF_SWITCH_SESSION" => InboundKind.HumanSessionSwitched,
                _ => InboundKind.Unknown,
            };
            var key = kind switch
            {
                InboundKind.HumanSessionOpened or InboundKind.HumanSessionClosed => Field(message, "KfAccount"),
                InboundKind.HumanSessionSwitched => Field(message, "ToKfAccount"),
                _ => message.EventKey,
            };
            return (kind, null, key);
        }

        return message.MsgType switch
        {
            "text" when string.Equals(message.Content?.Trim(), UnsupportedPlaceholder, StringComparison.Ordinal) =>
                (InboundKind.UnsupportedContent, null, null),
            "text" => (InboundKind.Text, message.Content, null),
            "voice" => (InboundKind.Voice, string.IsNullOrWhiteSpace(message.Recognition) ? null : message.Recognition, null),
            "image" => (InboundKind.Image, null, null),
            "video" or "shortvideo" => (InboundKind.Video, null, null),
            "location" => (InboundKind.Location, null, null),
            "link" => (InboundKind.Link, null, null),
            _ => (InboundKind.Unknown, null, null),
        };
    }
}
