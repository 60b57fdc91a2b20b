namespace CustomerService.IngressApi.Admin;

/// <summary>The body of <c>GET /api/status</c>.</summary>
public sealed record StatusReport
{
    /// <summary>When the report was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Every configured account.</summary>
    public required IReadOnlyList<AccountStatus> Accounts { get; init; }
}
