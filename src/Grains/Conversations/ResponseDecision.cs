namespace CustomerService.Grains.Conversations;

/// <summary>What the responder decided for a new push.</summary>
internal readonly record struct ResponseDecision(ResponseDecisionKind Kind, string? Text, string Source, string? UserText)
{
    public static ResponseDecision Reply(string text, string source, string? userTextForHistory = null) =>
        new(ResponseDecisionKind.Reply, text, source, userTextForHistory);

    public static ResponseDecision NoReply(string source) => new(ResponseDecisionKind.NoReply, null, source, null);

    public static ResponseDecision Model(string userText) => new(ResponseDecisionKind.NeedsModel, null, "llm", userText);
}

internal enum ResponseDecisionKind
{
    Reply,
    NoReply,
    NeedsModel,
}
