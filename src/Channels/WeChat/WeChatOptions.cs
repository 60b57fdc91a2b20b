using System.ComponentModel.DataAnnotations;
using CustomerService.Channels.WeChat.Api;

namespace CustomerService.Channels.WeChat;

/// <summary>Official Account settings (section <c>Channels:WeChat</c>).</summary>
public sealed class WeChatOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Channels:WeChat";

    /// <summary>The most bytes a callback body may have (WeChat's pushes are a few KB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The most UTF-8 bytes in one text message pushed through custom/send. WeChat refuses longer text with 45002;
    /// 2048 is the reported limit (wechat.md §6), so answers are split at sentence ends below it. A passive reply has
    /// its own limit, <c>Conversations:Passive:MaxReplyBytes</c>, because it is channel-neutral conversation policy.
    /// </summary>
    [Range(256, 2048)]
    public int MaxTextBytes { get; set; } = 2048;

    /// <summary>
    /// How long an account pauses sending after 45011 (the API's per-minute quota). After 45009 (the daily quota) it
    /// pauses until midnight Beijing time, when WeChat resets daily quotas.
    /// </summary>
    [Range(1, 3600)]
    public int MinuteQuotaPauseSeconds { get; set; } = 60;

    /// <summary>A reply held for a platform rule (window, quota) is dropped after this many hours.</summary>
    [Range(1, 24 * 30)]
    public int HeldReplyMaxAgeHours { get; set; } = 48;

    /// <summary>The connected accounts (<c>Channels:WeChat:Accounts:N:…</c>).</summary>
    public List<WeChatAccountOptions> Accounts { get; set; } = [];

    /// <summary>
    /// How long a push may wait for its answer before the ingress gives up on this attempt. WeChat disconnects
    /// after 5 s (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html),
    /// so this stays under 5000 with room for the network.
    /// </summary>
    [Range(500, 4800)]
    public int ReplyBudgetMs { get; set; } = 4500;

    /// <summary>Allowed skew of a callback's timestamp, in seconds; 0 turns the check off.</summary>
    [Range(0, 86_400)]
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>
    /// The longest the ingress holds a request that gets no answer (so that WeChat retries). WeChat itself
    /// disconnects after 5 s; this only bounds a client that never does.
    /// </summary>
    [Range(5, 120)]
    public int HoldMaxSeconds { get; set; } = 20;

    /// <summary>
    /// The root of the active APIs (token, customer-service messages, typing): https://api.weixin.qq.com/ in
    /// production; the simulator's fake (<c>wechat api serve</c>) in development.
    /// </summary>
    [Required]
    [AbsoluteHttpUri]
    public Uri ApiBaseUrl { get; set; } = WeChatApiClient.DefaultBaseAddress;

    /// <summary>
    /// The timeout of one active-API call, in milliseconds (the HTTP client's timeout; never the 100 s default, so
    /// that a stuck call cannot hold a delivery for long).
    /// </summary>
    [Range(500, 60_000)]
    public int SendTimeoutMs { get; set; } = 5000;
}
