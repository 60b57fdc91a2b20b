using CustomerService.Silo.Hosting.Clustering;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// Combinations this release supports, for a process of the given <see cref="ClusterHostRole"/>. Messages name the
/// settings to change.
/// </summary>
/// <param name="role">Whether the process hosts a silo or is a client of one.</param>
/// <param name="storage">The storage settings; only a silo stores anything, so a client passes none.</param>
public sealed class ClusterHostingOptionsValidator(ClusterHostRole role, IOptions<StorageHostingOptions>? storage) : IValidateOptions<ClusterHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add("Cluster:SiloPort and Cluster:GatewayPort must differ.");
        }

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Cluster:Provider must be Localhost or Redis.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add("Cluster:Mode must be CoHosted or Client.");
        }

        if (!Enum.IsDefined(options.MembershipProfile))
        {
            failures.Add("Cluster:MembershipProfile must be Production or Test.");
        }

        if (role == ClusterHostRole.Client && options.Provider == ClusterProvider.Localhost)
        {
            // A client finds its gateways in the membership table; Localhost clustering keeps that table inside one
            // silo's process, where no other process can read it.
            failures.Add("Cluster:Mode=Client needs Cluster:Provider=Redis (and ConnectionStrings:redis): a client finds the silos in their shared membership, which Localhost clustering does not have.");
        }

        var storageProvider = storage?.Value.Provider;
        if (storageProvider is { } provider && provider is not (StorageProvider.Sqlite or StorageProvider.PostgreSql))
        {
            failures.Add($"Storage:Provider={provider} is not supported; use Sqlite or PostgreSql.");
        }

        if (role == ClusterHostRole.Silo && options.Provider == ClusterProvider.Redis && storageProvider == StorageProvider.Sqlite)
        {
            // Silos of one cluster activate any conversation anywhere, so they must share one database; a SQLite
            // file belongs to one machine, and two silos on two files would each keep half the conversations.
            failures.Add("Cluster:Provider=Redis needs Storage:Provider=PostgreSql (and ConnectionStrings:postgres): silos of a cluster share one database, and a SQLite file belongs to one machine.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
