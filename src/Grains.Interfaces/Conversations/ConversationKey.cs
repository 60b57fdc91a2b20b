using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>
/// Identifies one user's conversation with one business account on one channel. It is the only way to build
/// or parse a conversation grain key, so that no code concatenates keys ad hoc.
/// </summary>
/// <remarks>
/// The string form is <c>channel|account|user</c>, where <c>channel</c> is the lower-case channel name and
/// <c>account</c> and <c>user</c> are escaped with <see cref="Uri.EscapeDataString(string)"/> (so a <c>|</c> or
/// <c>%</c> inside an id cannot break the format). Example: <c>wechat|wx1234567890abcdef|oX1a2B3c</c>. The same
/// form, URL-escaped once more, appears in admin API routes.
/// </remarks>
[GenerateSerializer, Immutable, Alias("cs.ConversationKey")]
public readonly record struct ConversationKey
{
    private const char Separator = '|';

    /// <summary>Creates a key, rejecting empty parts.</summary>
    public ConversationKey(ChannelKind channel, string account, string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
        }

        Channel = channel;
        Account = account;
        User = user;
    }

    /// <summary>The platform.</summary>
    [Id(0)] public ChannelKind Channel { get; init; }

    /// <summary>The business account: an Official Account AppId, a WeCom corp/agent id, a Douyin account id.</summary>
    [Id(1)] public string Account { get; init; }

    /// <summary>The platform's id of the user (openid, userid, external_userid, open_id).</summary>
    [Id(2)] public string User { get; init; }

    /// <summary>The grain key string form (see the type remarks).</summary>
    public override string ToString() =>
        string.Join(
            Separator,
            Channel.ToString().ToLowerInvariant(),
            Uri.EscapeDataString(Account),
            Uri.EscapeDataString(User));

    /// <summary>Parses the string form produced by <see cref="ToString"/>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ConversationKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split(Separator);
        if (parts.Length != 3
            || !Enum.TryParse<ChannelKind>(parts[0], ignoreCase: true, out var channel)
            || !Enum.IsDefined(channel)
            || !string.Equals(parts[0], channel.ToString().ToLowerInvariant(), StringComparison.Ordinal))
        {
            return false;
        }

        string account;
        string user;
        try
        {
            account = Uri.UnescapeDataString(parts[1]);
            user = Uri.UnescapeDataString(parts[2]);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(account) || string.IsNullOrWhiteSpace(user))
        {
            return false;
        }

        key = new ConversationKey(channel, account, user);
        return true;
    }

    /// <summary>Parses the string form, throwing <see cref="FormatException"/> when it is not one.</summary>
    public static ConversationKey Parse(string value) =>
        TryParse(value, out var key) ? key.Value : throw new FormatException("Not a conversation key.");
}
