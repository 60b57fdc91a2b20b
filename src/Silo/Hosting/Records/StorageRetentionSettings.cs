using CustomerService.Grains.Records;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Records;

/// <summary><c>Storage:RetentionDays</c> for the retention job.</summary>
public sealed class StorageRetentionSettings(IOptions<StorageHostingOptions> options) : IRecordRetentionSettings
{
    public TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);
}
