using CustomerService.Grains.Hosting;
using CustomerService.Grains.Records;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Deletes idle conversation states from the grain-state file of the embedded default, by the row's own
/// <c>modified_at</c> (written by every state write). SQLite runs one write at a time, so a conversation that writes
/// meanwhile either comes before the delete (and is no longer idle) or after it (and starts a fresh row).
/// </summary>
public sealed class SqliteConversationStateRetention(SqliteBusyTimeoutDataSource grainState, string serviceId) : IConversationStateRetention
{
    public async Task<int> DeleteIdleAsync(DateTimeOffset idleSince, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await grainState.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM grain_state
             WHERE rowid IN (SELECT rowid
                               FROM grain_state
                              WHERE service_id = $serviceId
                                AND grain_type = $grainType
                                AND modified_at < $idleSince
                              ORDER BY modified_at
                              LIMIT $batch);
            """;
        command.Parameters.AddWithValue("$serviceId", serviceId);
        command.Parameters.AddWithValue("$grainType", StorageNames.ConversationState);
        command.Parameters.AddWithValue("$idleSince", SqliteRecordTime.FormatGrainState(idleSince));
        command.Parameters.AddWithValue("$batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
