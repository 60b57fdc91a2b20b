namespace CustomerService.Grains.Records;

/// <summary>How long records and idle conversation states are kept (<c>Storage:RetentionDays</c>, owned by the silo's options).</summary>
public interface IRecordRetentionSettings
{
    TimeSpan Retention { get; }
}
