using System.Globalization;
using System.Security.Cryptography;

namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// The <c>errmsg</c> texts the fake answers, with a request id (<c>rid</c>) appended as the platform does. The texts
/// of the common codes follow the platform's; the typing ones (4507x, 4508x) are ours. Callers must act on the
/// <c>errcode</c> only.
/// </summary>
internal static class FakeWeChatErrors
{
    public const int Ok = 0;
    public const int InvalidCredential = 40001;
    public const int InvalidGrantType = 40002;
    public const int InvalidOpenId = 40003;
    public const int InvalidMessageType = 40008;
    public const int InvalidAppId = 40013;
    public const int InvalidAppSecret = 40125;
    public const int AccessTokenMissing = 41001;
    public const int AccessTokenExpired = 42001;
    public const int ContentTooLong = 45002;
    public const int DailyQuota = 45009;
    public const int WindowClosed = 45015;
    public const int QuotaSpent = 45047;
    public const int TypingBadCommand = 45072;
    public const int TypingNoInteraction = 45080;
    public const int TypingActive = 45081;
    public const int DataFormat = 47001;
    public const int Unauthorized = 48001;
    public const int UserRefuses = 48002;

    public static string MessageFor(int code)
    {
        var text = code switch
        {
            Ok => "ok",
            -1 => "system error",
            InvalidCredential => "invalid credential, access_token is invalid or not latest",
            InvalidGrantType => "invalid grant_type",
            InvalidOpenId => "invalid openid",
            InvalidMessageType => "invalid message type",
            InvalidAppId => "invalid appid",
            40014 => "invalid access_token",
            InvalidAppSecret => "invalid appsecret",
            40164 => "invalid ip, not in whitelist",
            40243 => "AppSecret is frozen",
            AccessTokenMissing => "access_token missing",
            AccessTokenExpired => "access_token expired",
            43004 => "require subscribe",
            43019 => "require remove blacklist",
            ContentTooLong => "content size out of limit",
            DailyQuota => "reach max api daily quota limit",
            45011 => "api minute-quota reach limit  mustslower  retry next minute",
            WindowClosed => "response out of time limit or subscription is canceled",
            QuotaSpent => "out of response count limit",
            TypingBadCommand => "command error",
            TypingNoInteraction => "has no permission to send typing",
            TypingActive => "typing is in progress",
            DataFormat => "data format error",
            Unauthorized => "api unauthorized",
            UserRefuses => "user refuse to accept the msg",
            48004 => "api forbidden for irregularities",
            _ => "fake error",
        };
        return code == Ok ? text : $"{text} rid: {Rid()}";
    }

    private static string Rid()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        var hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..16]}-{hex[16..]}");
    }
}
