using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:Replies</c>: every text the bot itself says.</summary>
public sealed class ReplyTextOptions
{
    /// <summary>On follow (subscribe).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Welcome { get; set; } = "您好，欢迎关注！我是智能客服，有什么可以帮您？直接发送您的问题即可；需要人工服务请回复“人工”。";

    /// <summary>When neither the FAQ nor the model has an answer, or the model failed.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Fallback { get; set; } = "抱歉，这个问题我暂时回答不了。您可以换个说法再问一次，或回复“人工”联系人工客服。";

    /// <summary>When the user asks for a human.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Handoff { get; set; } = "好的，正在为您转接人工客服，请稍候。客服上线后会尽快回复您。";

    /// <summary>Sent once while the user waits for a human.</summary>
    [Required(AllowEmptyStrings = false)]
    public string HandoffWaiting { get; set; } = "您已在人工客服队列中，请耐心等待，客服会尽快回复您。";

    /// <summary>When the user writes faster than the rate limit allows.</summary>
    [Required(AllowEmptyStrings = false)]
    public string OverLimit { get; set; } = "您发送消息太快啦，请稍等片刻再试。";

    /// <summary>On the platform's last attempt when the answer is not ready yet.</summary>
    [Required(AllowEmptyStrings = false)]
    public string StillWorking { get; set; } = "正在为您查询，请稍候片刻后回复任意内容获取结果。";

    /// <summary>For stickers, images, video, locations and links, which the bot cannot read.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PleaseType { get; set; } = "抱歉，我暂时只能看懂文字消息，请用文字描述您的问题。";

    /// <summary>For a voice message that came without speech recognition.</summary>
    [Required(AllowEmptyStrings = false)]
    public string VoiceUnrecognized { get; set; } = "抱歉，我没能听清这条语音，请用文字发送您的问题。";

    /// <summary>
    /// Ends a reply whose rest is held (quota spent, or a passive page): the user's next message gets the rest.
    /// Its bytes count against the message it ends.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ContinueTail { get; set; } = "\n（内容较长，回复任意内容继续）";

    /// <summary>Put between a late answer and the reply it goes in front of.</summary>
    public string LateAnswerSeparator { get; set; } = "\n\n——\n";
}
