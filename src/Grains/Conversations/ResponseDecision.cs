namespace CustomerService.Grains.Conversations;

/// <summary>What the responder decided for a new push.</summary>
internal readonly record struct ResponseDecision(ResponseDecisionKind Kind, string? Text, string Source, string? UserText)
{
    /// <summary>Hand the message to the platform's human service; the text (if any) is pushed when pushing is possible.</summary>
    public static ResponseDecision Transfer(string? text, string source) => new(ResponseDecisionKind.Transfer, text, source, null);

    public static ResponseDecision Reply(string text, string source, string? userTextForHistory = null) =>
        new(ResponseDecisionKind.Reply, text, source, userTextForHistory);

    public static ResponseDecision NoReply(string source) => new(ResponseDecisionKind.NoReply, null, source, null);

    public static ResponseDecision Model(string userText) => new(ResponseDecisionKind.NeedsModel, null, "llm", userText);

    /// <summary>Answered by the turn of an earlier message it was merged into (<c>Conversations:MergeWindowMs</c>).</summary>
    public static ResponseDecision Merged() => new(ResponseDecisionKind.Merged, null, "merged", null);
}

internal enum ResponseDecisionKind
{
    Reply,
    NoReply,
    NeedsModel,
    Transfer,
    Merged,
}
