using Orleans.Serialization;

namespace CustomerService.Silo.Hosting.Clustering;

/// <summary>
/// Lets Orleans carry Npgsql's exceptions between silos and clients. By default it serializes only exceptions from the
/// System and Microsoft namespaces. A grain whose activation fails on a PostgreSQL error (for example the first use of
/// a pooled connection that the server terminated during an outage: Npgsql never checks an idle connection before it
/// hands it out) is answered with a transient rejection that carries the PostgresException. Without this, sending that
/// rejection failed with a CodecNotFoundException, which the ingress saw instead of a retryable rejection.
/// </summary>
public static class ExceptionSerializationServiceCollectionExtensions
{
    private const string NpgsqlNamespace = "Npgsql";

    public static IServiceCollection AddStorageExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add(NpgsqlNamespace));
}
