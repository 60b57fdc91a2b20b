using System.Text;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using Npgsql;
using NpgsqlTypes;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// The production records store: <c>messages</c> and <c>conversations</c> of <c>0003_conversation_records.sql</c>, on
/// the process's one <see cref="NpgsqlDataSource"/> (the same pool as grain storage and reminders). A batch is one
/// transaction of two statements, each taking the whole batch as arrays.
/// </summary>
public sealed class PostgresConversationRecordStore(NpgsqlDataSource dataSource) : IConversationRecordStore
{
    private const string UpsertMessages = """
        INSERT INTO messages
               (channel, account, user_id, direction, platform_message_id, kind, text, occurred_at, updated_at,
                delivery_state, delivery_reason, revision)
        SELECT * FROM unnest(@channel, @account, @user, @direction, @messageId, @kind, @text, @at, @updatedAt,
                             @state, @reason, @revision)
            ON CONFLICT (channel, account, user_id, direction, platform_message_id) DO UPDATE
           SET kind = excluded.kind,
               text = excluded.text,
               updated_at = excluded.updated_at,
               delivery_state = excluded.delivery_state,
               delivery_reason = excluded.delivery_reason,
               revision = excluded.revision
         WHERE excluded.revision > messages.revision;
        """;

    private const string UpsertConversations = """
        INSERT INTO conversations (channel, account, user_id, first_at, last_at)
        SELECT * FROM unnest(@channel, @account, @user, @first, @last)
            ON CONFLICT (channel, account, user_id) DO UPDATE
           SET first_at = least(conversations.first_at, excluded.first_at),
               last_at = greatest(conversations.last_at, excluded.last_at);
        """;

    public async Task WriteAsync(IReadOnlyList<ConversationRecordRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var latest = RecordRowKey.Latest(rows);
        var conversations = RecordRowKey.Conversations(latest);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var upsert = new NpgsqlCommand(UpsertMessages, connection, transaction))
        {
            Add(upsert, "channel", NpgsqlDbType.Text, latest.Select(r => RecordColumnValues.Of(r.Conversation.Channel)));
            Add(upsert, "account", NpgsqlDbType.Text, latest.Select(r => r.Conversation.Account));
            Add(upsert, "user", NpgsqlDbType.Text, latest.Select(r => r.Conversation.User));
            Add(upsert, "direction", NpgsqlDbType.Text, latest.Select(r => RecordColumnValues.Of(r.Direction)));
            Add(upsert, "messageId", NpgsqlDbType.Text, latest.Select(r => r.MessageId));
            Add(upsert, "kind", NpgsqlDbType.Text, latest.Select(r => r.Kind));
            Add(upsert, "text", NpgsqlDbType.Text, latest.Select(r => r.Text));
            Add(upsert, "at", NpgsqlDbType.TimestampTz, latest.Select(r => r.At.UtcDateTime));
            Add(upsert, "updatedAt", NpgsqlDbType.TimestampTz, latest.Select(r => r.UpdatedAt.UtcDateTime));
            Add(upsert, "state", NpgsqlDbType.Text, latest.Select(r => r.DeliveryState is { } s ? RecordColumnValues.Of(s) : null));
            Add(upsert, "reason", NpgsqlDbType.Text, latest.Select(r => r.DeliveryReason));
            Add(upsert, "revision", NpgsqlDbType.Bigint, latest.Select(r => r.Revision));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var conversation = new NpgsqlCommand(UpsertConversations, connection, transaction))
        {
            Add(conversation, "channel", NpgsqlDbType.Text, conversations.Select(c => RecordColumnValues.Of(c.Key.Channel)));
            Add(conversation, "account", NpgsqlDbType.Text, conversations.Select(c => c.Key.Account));
            Add(conversation, "user", NpgsqlDbType.Text, conversations.Select(c => c.Key.User));
            Add(conversation, "first", NpgsqlDbType.TimestampTz, conversations.Select(c => c.First.UtcDateTime));
            Add(conversation, "last", NpgsqlDbType.TimestampTz, conversations.Select(c => c.Last.UtcDateTime));
            await conversation.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <remarks>
    /// SQLSTATE class 22 (data exception, such as 22021 for a NUL byte), a check or unique violation (23514, 23505),
    /// and a string Npgsql cannot encode: the row's own data. A not-null or foreign-key violation (23502, 23503) is
    /// not: the schema then disagrees with this release (a deploy gone wrong), every row would fail alike, and they are
    /// kept and retried rather than dropped. Every other error (connection, timeout, server shutdown, 40001, 53300) is
    /// the database's and passes. See https://www.postgresql.org/docs/current/errcodes-appendix.html.
    /// </remarks>
    public bool IsRefusal(Exception exception) => exception switch
    {
        PostgresException { SqlState: var state } => state.StartsWith("22", StringComparison.Ordinal)
            || state is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation,
        EncoderFallbackException => true,
        _ => exception.InnerException is EncoderFallbackException,
    };

    public async Task<RecordedConversationPage> ListConversationsAsync(ConversationsCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT channel, account, user_id, first_at, last_at
              FROM conversations
             {(after is null ? "" : "WHERE (last_at, channel, account, user_id) < (@at, @channel, @account, @user)")}
             ORDER BY last_at DESC, channel DESC, account DESC, user_id DESC
             LIMIT @limit;
            """);
        if (after is not null)
        {
            command.Parameters.AddWithValue("at", after.LastMessageAt.UtcDateTime);
            command.Parameters.AddWithValue("channel", RecordColumnValues.Of(after.Key.Channel));
            command.Parameters.AddWithValue("account", after.Key.Account);
            command.Parameters.AddWithValue("user", after.Key.User);
        }

        command.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<RecordedConversation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new RecordedConversation
            {
                Key = RecordRowKey.Key(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                FirstMessageAt = Utc(reader.GetDateTime(3)),
                LastMessageAt = Utc(reader.GetDateTime(4)),
            });
        }

        return RecordPages.Conversations(items, limit);
    }

    public async Task<RecordedMessagePage> ListMessagesAsync(ConversationKey key, MessagesCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, direction, platform_message_id, kind, text, occurred_at, updated_at, delivery_state, delivery_reason
              FROM messages
             WHERE channel = @channel AND account = @account AND user_id = @user
             {(after is null ? "" : "AND (occurred_at, id) > (@at, @sequence)")}
             ORDER BY occurred_at, id
             LIMIT @limit;
            """);
        command.Parameters.AddWithValue("channel", RecordColumnValues.Of(key.Channel));
        command.Parameters.AddWithValue("account", key.Account);
        command.Parameters.AddWithValue("user", key.User);
        if (after is not null)
        {
            command.Parameters.AddWithValue("at", after.At.UtcDateTime);
            command.Parameters.AddWithValue("sequence", after.Sequence);
        }

        command.Parameters.AddWithValue("limit", limit + 1);
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
                At = Utc(reader.GetDateTime(5)),
                UpdatedAt = Utc(reader.GetDateTime(6)),
                DeliveryState = reader.IsDBNull(7) ? null : RecordColumnValues.ParseDeliveryState(reader.GetString(7)),
                DeliveryReason = reader.IsDBNull(8) ? null : reader.GetString(8),
            }));
        }

        return RecordPages.Messages(items, limit);
    }

    public Task<int> DeleteMessagesBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE occurred_at < @cutoff ORDER BY occurred_at LIMIT @batch);",
            cutoff,
            batchSize,
            cancellationToken);

    // The outer condition is checked again on the row as it is when the delete reaches it: a conversation that got a
    // new record meanwhile stays.
    public Task<int> DeleteConversationsBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            """
            DELETE FROM conversations c
             USING (SELECT channel, account, user_id FROM conversations WHERE last_at < @cutoff ORDER BY last_at LIMIT @batch) old
             WHERE c.channel = old.channel AND c.account = old.account AND c.user_id = old.user_id AND c.last_at < @cutoff;
            """,
            cutoff,
            batchSize,
            cancellationToken);

    private async Task<int> DeleteAsync(string sql, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        command.Parameters.AddWithValue("batch", batchSize);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });

    // timestamptz comes back as a UTC DateTime.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
