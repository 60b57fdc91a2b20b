using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// The records store of the embedded default: <c>messages</c> and <c>conversations</c> in a SQLite file of their own
/// (<see cref="SqliteSchemaInitializer.RecordsFileName"/>, WAL mode), so the writer's transactions never wait for the
/// grain-state file's write lock nor hold it.
/// </summary>
public sealed class SqliteConversationRecordStore : IConversationRecordStore, IDisposable
{
    private const string UpsertMessage = """
        INSERT INTO messages
               (channel, account, user_id, direction, platform_message_id, kind, text, occurred_at, updated_at,
                delivery_state, delivery_reason, revision)
        VALUES ($channel, $account, $user, $direction, $messageId, $kind, $text, $at, $updatedAt,
                $state, $reason, $revision)
            ON CONFLICT (channel, account, user_id, direction, platform_message_id) DO UPDATE
           SET kind = excluded.kind,
               text = excluded.text,
               updated_at = excluded.updated_at,
               delivery_state = excluded.delivery_state,
               delivery_reason = excluded.delivery_reason,
               revision = excluded.revision
         WHERE excluded.revision > messages.revision;
        """;

    private const string UpsertConversation = """
        INSERT INTO conversations (channel, account, user_id, first_at, last_at)
        VALUES ($channel, $account, $user, $first, $last)
            ON CONFLICT (channel, account, user_id) DO UPDATE
           SET first_at = min(conversations.first_at, excluded.first_at),
               last_at = max(conversations.last_at, excluded.last_at);
        """;

    private readonly SqliteBusyTimeoutDataSource _dataSource;

    /// <param name="connectionString">The records file, prepared by <see cref="SqliteSchemaInitializer.EnsureRecordsSchema"/>.</param>
    /// <param name="lockTimeout">
    /// How long a write waits for another connection's lock on the file before it fails (and the writer retries later).
    /// </param>
    public SqliteConversationRecordStore(string connectionString, TimeSpan lockTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Microsoft.Data.Sqlite retries a busy file itself until the command timeout, on top of SQLite's busy handler:
        // both are bounded by lockTimeout, so a locked file fails the batch in about that time instead of 30 s.
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(lockTimeout.TotalSeconds)),
        };
        _dataSource = new SqliteBusyTimeoutDataSource(builder.ToString(), (int)lockTimeout.TotalMilliseconds);
    }

    public async Task WriteAsync(IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync(cancellationToken);
        // IMMEDIATE: takes the write lock at the start, so the transaction never fails half way on a lock upgrade.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = UpsertMessage;
            var channel = upsert.Parameters.Add("$channel", SqliteType.Text);
            var account = upsert.Parameters.Add("$account", SqliteType.Text);
            var user = upsert.Parameters.Add("$user", SqliteType.Text);
            var direction = upsert.Parameters.Add("$direction", SqliteType.Text);
            var messageId = upsert.Parameters.Add("$messageId", SqliteType.Text);
            var kind = upsert.Parameters.Add("$kind", SqliteType.Text);
            var text = upsert.Parameters.Add("$text", SqliteType.Text);
            var at = upsert.Parameters.Add("$at", SqliteType.Text);
            var updatedAt = upsert.Parameters.Add("$updatedAt", SqliteType.Text);
            var state = upsert.Parameters.Add("$state", SqliteType.Text);
            var reason = upsert.Parameters.Add("$reason", SqliteType.Text);
            var revision = upsert.Parameters.Add("$revision", SqliteType.Integer);
            foreach (var row in rows)
            {
                channel.Value = RecordColumnValues.Of(row.Conversation.Channel);
                account.Value = row.Conversation.Account;
                user.Value = row.Conversation.User;
                direction.Value = RecordColumnValues.Of(row.Direction);
                messageId.Value = row.MessageId;
                kind.Value = (object?)row.Kind ?? DBNull.Value;
                text.Value = (object?)row.Text ?? DBNull.Value;
                at.Value = SqliteRecordTime.Format(row.At);
                updatedAt.Value = SqliteRecordTime.Format(row.UpdatedAt);
                state.Value = row.DeliveryState is { } s ? RecordColumnValues.Of(s) : DBNull.Value;
                reason.Value = (object?)row.DeliveryReason ?? DBNull.Value;
                revision.Value = row.Revision;
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var conversation = connection.CreateCommand())
        {
            conversation.Transaction = transaction;
            conversation.CommandText = UpsertConversation;
            var channel = conversation.Parameters.Add("$channel", SqliteType.Text);
            var account = conversation.Parameters.Add("$account", SqliteType.Text);
            var user = conversation.Parameters.Add("$user", SqliteType.Text);
            var first = conversation.Parameters.Add("$first", SqliteType.Text);
            var last = conversation.Parameters.Add("$last", SqliteType.Text);
            foreach (var (key, firstAt, lastAt) in RecordRowKey.Conversations(rows))
            {
                channel.Value = RecordColumnValues.Of(key.Channel);
                account.Value = key.Account;
                user.Value = key.User;
                first.Value = SqliteRecordTime.Format(firstAt);
                last.Value = SqliteRecordTime.Format(lastAt);
                await conversation.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <remarks>
    /// SQLITE_TOOBIG, SQLITE_CONSTRAINT and SQLITE_MISMATCH refuse the row itself; a busy or locked file, a full disk
    /// or an I/O error is the database's and passes. See https://www.sqlite.org/rescode.html.
    /// </remarks>
    public bool IsRefusal(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 18 or 19 or 20 };

    public async Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Newest first; ties broken by the key, all descending, so that one row-value comparison continues a page.
        command.CommandText = $"""
            SELECT channel, account, user_id, first_at, last_at
              FROM conversations
             {(after is null ? "" : "WHERE (last_at, channel, account, user_id) < ($at, $channel, $account, $user)")}
             ORDER BY last_at DESC, channel DESC, account DESC, user_id DESC
             LIMIT $limit;
            """;
        if (after is not null)
        {
            command.Parameters.AddWithValue("$at", SqliteRecordTime.Format(after.LastMessageAt));
            command.Parameters.AddWithValue("$channel", RecordColumnValues.Of(after.Key.Channel));
            command.Parameters.AddWithValue("$account", after.Key.Account);
            command.Parameters.AddWithValue("$user", after.Key.User);
        }

        command.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<RecordedConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new RecordedConversation
            {
                Key = RecordRowKey.Key(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                FirstMessageAt = SqliteRecordTime.Parse(reader.GetString(3)),
                LastMessageAt = SqliteRecordTime.Parse(reader.GetString(4)),
            });
        }

        return RecordPages.Conversations(items, limit);
    }

    public async Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT sequence, direction, platform_message_id, kind, text, occurred_at, updated_at, delivery_state, delivery_reason
              FROM messages
             WHERE channel = $channel AND account = $account AND user_id = $user
             {(after is null ? "" : "AND (occurred_at, sequence) > ($at, $sequence)")}
             ORDER BY occurred_at, sequence
             LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$channel", RecordColumnValues.Of(key.Channel));
        command.Parameters.AddWithValue("$account", key.Account);
        command.Parameters.AddWithValue("$user", key.User);
        if (after is not null)
        {
            command.Parameters.AddWithValue("$at", SqliteRecordTime.Format(after.At));
            command.Parameters.AddWithValue("$sequence", after.Sequence);
        }

        command.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<(long Sequence, RecordedMessage Message)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add((reader.GetInt64(0), new RecordedMessage
            {
                Direction = RecordColumnValues.ParseDirection(reader.GetString(1)),
                MessageId = reader.GetString(2),
                Kind = reader.IsDBNull(3) ? null : reader.GetString(3),
                Text = reader.IsDBNull(4) ? null : reader.GetString(4),
                At = SqliteRecordTime.Parse(reader.GetString(5)),
                UpdatedAt = SqliteRecordTime.Parse(reader.GetString(6)),
                DeliveryState = reader.IsDBNull(7) ? null : RecordColumnValues.ParseDeliveryState(reader.GetString(7)),
                DeliveryReason = reader.IsDBNull(8) ? null : reader.GetString(8),
            }));
        }

        return RecordPages.Messages(items, limit);
    }

    public Task<int> DeleteMessagesBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            "DELETE FROM messages WHERE sequence IN (SELECT sequence FROM messages WHERE occurred_at < $cutoff ORDER BY occurred_at LIMIT $batch);",
            cutoff,
            batchSize,
            cancellationToken);

    public Task<int> DeleteConversationsBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            "DELETE FROM conversations WHERE rowid IN (SELECT rowid FROM conversations WHERE last_at < $cutoff ORDER BY last_at LIMIT $batch);",
            cutoff,
            batchSize,
            cancellationToken);

    public void Dispose() => _dataSource.Dispose();

    private async Task<int> DeleteAsync(string sql, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cutoff", SqliteRecordTime.Format(cutoff));
        command.Parameters.AddWithValue("$batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
