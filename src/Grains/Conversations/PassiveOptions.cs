using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// <c>Conversations:Passive</c>: the passive-reply timeline. WeChat tries a push 3 times, 5 s apart, and only the
/// last attempt can still carry a reply (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html).
/// </summary>
public sealed class PassiveOptions
{
    /// <summary>The platform's number of attempts; the last one always gets a reply.</summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;

    /// <summary>
    /// A delivery this long after the first receipt is treated as the last attempt even if an earlier attempt was
    /// lost (the third attempt comes about 10 s after the first).
    /// </summary>
    [Range(1, 60)]
    public int LastAttemptAfterSeconds { get; set; } = 9;

    /// <summary>
    /// How long after a push's first receipt a delivery of it can still carry its reply: WeChat waits 5 s for each of
    /// its 3 attempts, 5 s apart (wechat.md §2.4), so after about 15 s none can come. An answer that no delivery took by
    /// then is not left for the user's next message when the account can push: the outbox pushes it.
    /// </summary>
    [Range(10, 120)]
    public int WindowSeconds { get; set; } = 15;

    /// <summary>A passive text reply (late answers in front included) is cut to this many UTF-8 bytes.</summary>
    [Range(64, 2048)]
    public int MaxReplyBytes { get; set; } = 2048;

    /// <summary>
    /// How long a deactivating conversation waits for running work before it saves and goes. Not when it is handed over
    /// (its silo stops, or another activation may exist): then it waits for nothing and saves nothing, and the work runs
    /// again on the next activation.
    /// </summary>
    [Range(0, 60)]
    public int ShutdownWaitSeconds { get; set; } = 5;
}
