using CustomerService.Grains.Hosting;
using CustomerService.Grains.Records;
using Npgsql;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Deletes idle conversation states from PostgreSQL's <c>grain_state</c>, by the row's own <c>modified_at</c>. The
/// outer condition is checked again on the row as it is when the delete reaches it (READ COMMITTED re-evaluates it
/// after waiting for a concurrent write), so a conversation that writes meanwhile keeps its state.
/// </summary>
public sealed class PostgresConversationStateRetention(NpgsqlDataSource dataSource, string serviceId) : IConversationStateRetention
{
    public async Task<int> DeleteIdleAsync(DateTimeOffset idleSince, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM grain_state g
             USING (SELECT service_id, grain_type, grain_id_extension, grain_id_n0, grain_id_n1
                      FROM grain_state
                     WHERE service_id = @serviceId
                       AND grain_type = @grainType
                       AND modified_at < @idleSince
                     ORDER BY modified_at
                     LIMIT @batch) idle
             WHERE g.service_id = idle.service_id
               AND g.grain_type = idle.grain_type
               AND g.grain_id_extension = idle.grain_id_extension
               AND g.grain_id_n0 = idle.grain_id_n0
               AND g.grain_id_n1 = idle.grain_id_n1
               AND g.modified_at < @idleSince;
            """);
        command.Parameters.AddWithValue("serviceId", serviceId);
        command.Parameters.AddWithValue("grainType", StorageNames.ConversationState);
        command.Parameters.AddWithValue("idleSince", idleSince.UtcDateTime);
        command.Parameters.AddWithValue("batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
