using System.Globalization;

namespace CustomerService.Channels.WeChat;

/// <summary>The Unix-seconds timestamps that WeChat uses in queries, envelopes and <c>CreateTime</c>.</summary>
internal static class UnixTime
{
    public static long NowSeconds(TimeProvider timeProvider) => timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public static string NowText(TimeProvider timeProvider) =>
        NowSeconds(timeProvider).ToString(CultureInfo.InvariantCulture);
}
