using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting;

/// <summary>Combinations this release supports.</summary>
public sealed class ClusterHostingOptionsValidator(IOptions<StorageHostingOptions> storage) : IValidateOptions<ClusterHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add("Cluster:SiloPort and Cluster:GatewayPort must differ.");
        }

        if (options.Provider != ClusterProvider.Localhost)
        {
            failures.Add($"Cluster:Provider={options.Provider} is not available yet; use Localhost.");
        }

        if (options.Mode != ClusterMode.CoHosted)
        {
            failures.Add($"Cluster:Mode={options.Mode} is not available yet; use CoHosted.");
        }

        if (storage.Value.Provider is not (StorageProvider.Sqlite or StorageProvider.PostgreSql))
        {
            failures.Add($"Storage:Provider={storage.Value.Provider} is not supported; use Sqlite or PostgreSql.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
