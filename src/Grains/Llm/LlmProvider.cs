namespace CustomerService.Grains.Llm;

/// <summary>Which language model answers questions the FAQ cannot.</summary>
public enum LlmProvider
{
    /// <summary>No model: FAQ answers and the fallback text only.</summary>
    None = 0,

    /// <summary>
    /// Any OpenAI-compatible chat-completions endpoint: OpenAI, DashScope's compatible mode for Qwen
    /// (https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope), DeepSeek, a local Ollama.
    /// </summary>
    OpenAI = 1,
}
