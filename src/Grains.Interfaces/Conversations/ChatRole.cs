namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>Who said a line of the dialogue.</summary>
[Alias("cs.ChatRole")]
public enum ChatRole
{
    /// <summary>The platform user.</summary>
    User = 0,

    /// <summary>The gateway (bot) answer.</summary>
    Assistant = 1,
}
