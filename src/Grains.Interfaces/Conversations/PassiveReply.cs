namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>The reply that the ingress owns for one delivery of a push.</summary>
[GenerateSerializer, Immutable, Alias("cs.PassiveReply")]
public sealed record PassiveReply
{
    /// <summary>What to do.</summary>
    [Id(0)] public required PassiveReplyKind Kind { get; init; }

    /// <summary>The text to send, for <see cref="PassiveReplyKind.Reply"/>.</summary>
    [Id(1)] public string? Text { get; init; }

    /// <summary>Creates a reply with text.</summary>
    public static PassiveReply WithText(string text) => new() { Kind = PassiveReplyKind.Reply, Text = text };

    /// <summary>The acknowledgement with no content.</summary>
    public static PassiveReply Acknowledge { get; } = new() { Kind = PassiveReplyKind.Acknowledge };

    /// <summary>Hold the request so that the platform retries.</summary>
    public static PassiveReply Hold { get; } = new() { Kind = PassiveReplyKind.Hold };

    /// <summary>Hand the message to the platform's human customer service.</summary>
    public static PassiveReply TransferToHuman { get; } = new() { Kind = PassiveReplyKind.TransferToHuman };
}
