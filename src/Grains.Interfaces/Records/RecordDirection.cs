namespace CustomerService.Grains.Interfaces.Records;

/// <summary>Which way a recorded message went.</summary>
[Alias("cs.RecordDirection")]
public enum RecordDirection
{
    /// <summary>From the user: a message or an event the platform pushed to us.</summary>
    Inbound = 0,

    /// <summary>From us: the reply to one inbound push.</summary>
    Outbound = 1,
}
