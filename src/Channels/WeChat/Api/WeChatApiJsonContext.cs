using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>The source-generated serializers of the active-API bodies.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(StableTokenResponse))]
[JsonSerializable(typeof(CustomTextMessageRequest))]
[JsonSerializable(typeof(TypingRequest))]
[JsonSerializable(typeof(ApiErrorResponse))]
internal sealed partial class WeChatApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the client uses: the generated serializers with <see cref="Utf8PassThroughJsonEncoder"/>, so that
    /// Chinese text and emoji travel as UTF-8 rather than <c>\uXXXX</c> escapes.
    /// </summary>
    public static WeChatApiJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = Utf8PassThroughJsonEncoder.Instance,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    });
}
