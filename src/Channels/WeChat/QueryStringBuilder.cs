using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>Appends percent-encoded query parameters.</summary>
internal static class QueryStringBuilder
{
    public static StringBuilder AppendParameter(this StringBuilder builder, string key, string value)
    {
        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        return builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
