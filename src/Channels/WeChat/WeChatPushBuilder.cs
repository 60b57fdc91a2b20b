using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// Builds the plaintext XML of pushes as WeChat sends them, for the simulator and tests
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html).
/// </summary>
public static class WeChatPushBuilder
{
    /// <summary>A user's text message.</summary>
    public static string Text(string toUser, string fromUser, long createTime, string content, long msgId) =>
        Start(toUser, fromUser, createTime, "text")
            .AppendCData("Content", content)
            .AppendNumber("MsgId", msgId)
            .Append("</xml>")
            .ToString();

    /// <summary>A voice message, with the speech recognition result when <paramref name="recognition"/> is set.</summary>
    public static string Voice(string toUser, string fromUser, long createTime, string mediaId, string? recognition, long msgId)
    {
        var builder = Start(toUser, fromUser, createTime, "voice")
            .AppendCData("MediaId", mediaId)
            .AppendCData("Format", "amr");
        if (recognition is not null)
        {
            builder.AppendCData("Recognition", recognition);
        }

        return builder.AppendNumber("MsgId", msgId).Append("</xml>").ToString();
    }

    /// <summary>An image message.</summary>
    public static string Image(string toUser, string fromUser, long createTime, string picUrl, string mediaId, long msgId) =>
        Start(toUser, fromUser, createTime, "image")
            .AppendCData("PicUrl", picUrl)
            .AppendCData("MediaId", mediaId)
            .AppendNumber("MsgId", msgId)
            .Append("</xml>")
            .ToString();

    /// <summary>An event (subscribe, unsubscribe, SCAN, CLICK, VIEW, …), with its key when it has one.</summary>
    public static string Event(string toUser, string fromUser, long createTime, string eventName, string? eventKey = null)
    {
        var builder = Start(toUser, fromUser, createTime, "event").AppendCData("Event", eventName);
        if (eventKey is not null)
        {
            builder.AppendCData("EventKey", eventKey);
        }

        return builder.Append("</xml>").ToString();
    }

    private static StringBuilder Start(string toUser, string fromUser, long createTime, string msgType) =>
        new StringBuilder("<xml>")
            .AppendCData("ToUserName", toUser)
            .AppendCData("FromUserName", fromUser)
            .AppendNumber("CreateTime", createTime)
            .AppendCData("MsgType", msgType);
}
