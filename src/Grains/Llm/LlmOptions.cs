using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Llm;

/// <summary>Settings for the model (section <c>Llm</c>).</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>
    /// The most a model call may take. <see cref="Interfaces.Llm.ILlmWorkerGrain.CompleteAsync"/> carries a 5-minute
    /// response timeout, so a call must end well before that.
    /// </summary>
    public const int MaxTimeoutSeconds = 240;

    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>The endpoint's base URL, for example <c>https://dashscope.aliyuncs.com/compatible-mode/v1</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key. A secret: set it through the environment (<c>Llm__ApiKey</c>), never in a committed file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name, for example <c>qwen-plus</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Bounds one model call. It does not stretch WeChat's reply window: a late answer is parked.</summary>
    [Range(1, MaxTimeoutSeconds)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How many model calls one silo runs at once; further calls wait (within their timeout).</summary>
    [Range(1, 1024)]
    public int MaxConcurrentCalls { get; set; } = 16;

    /// <summary>The system prompt.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SystemPrompt { get; set; } =
        "你是一名专业、友好的中文在线客服助手。请用简洁的中文回答用户的问题；不确定的信息不要编造，可建议用户回复“人工”联系人工客服。";

    /// <summary>Upper bound of the answer length in tokens; unset leaves it to the provider.</summary>
    [Range(1, 32_000)]
    public int? MaxOutputTokens { get; set; } = 800;

    /// <summary>
    /// Price of 1000 input (prompt) tokens, in any currency, for the cost metric <c>cs.llm.cost</c>. 0 (the default)
    /// records no cost.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Llm:PricePer1kInputTokens must be between 0 and 1000000.")]
    public decimal PricePer1kInputTokens { get; set; }

    /// <summary>Price of 1000 output (completion) tokens, in the same currency as <see cref="PricePer1kInputTokens"/>.</summary>
    [Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Llm:PricePer1kOutputTokens must be between 0 and 1000000.")]
    public decimal PricePer1kOutputTokens { get; set; }

    /// <summary>Hides the key in logs and debugger views.</summary>
    public override string ToString() => $"Llm(Provider={Provider}, BaseUrl={BaseUrl}, Model={Model}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "unset" : "***")})";
}
