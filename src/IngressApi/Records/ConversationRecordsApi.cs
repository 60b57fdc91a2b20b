using System.Globalization;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.IngressApi.Records;

/// <summary>
/// <c>GET /api/conversations</c> and <c>GET /api/conversations/{key}/messages</c>. The ingress never opens the records
/// database: it checks the request and asks a silo's records grain, which reads the store.
/// </summary>
public static partial class ConversationRecordsApi
{
    public static async Task<IResult> ListConversationsAsync(string? cursor, string? limit, IGrainFactory grains, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (!TryReadLimit(limit, out var pageSize, out var limitError))
        {
            return BadRequest(limitError);
        }

        ConversationsCursor? after = null;
        if (cursor is not null && !ConversationsCursor.TryParse(cursor, out after))
        {
            return BadRequest("cursor is not one this list returned (pass nextCursor back unchanged)");
        }

        RecordedConversationPage page;
        try
        {
            page = await grains.GetGrain<IConversationRecordsGrain>(0).ListConversationsAsync(after, pageSize);
        }
#pragma warning disable CA1031 // Any failure of the store or the cluster is an unavailable service, never a crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Unavailable(loggers, exception);
        }

        return Results.Json(new ConversationListResponse
        {
            Items = [.. page.Items.Select(c => new ConversationSummaryResponse
            {
                Key = c.Key.ToString(),
                Channel = RecordColumnValues.Of(c.Key.Channel),
                Account = c.Key.Account,
                User = c.Key.User,
                FirstMessageAt = c.FirstMessageAt,
                LastMessageAt = c.LastMessageAt,
            })],
            NextCursor = page.Next?.ToString(),
        });
    }

    public static async Task<IResult> ListMessagesAsync(string key, string? cursor, string? limit, IGrainFactory grains, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(grains);
        // The route value arrives URL-decoded once: it is ConversationKey's string form, whose parts are escaped.
        if (!ConversationKey.TryParse(key, out var conversation))
        {
            return BadRequest("key is not a conversation key: channel|account|user with account and user escaped, the whole URL-escaped once more");
        }

        if (!TryReadLimit(limit, out var pageSize, out var limitError))
        {
            return BadRequest(limitError);
        }

        MessagesCursor? after = null;
        if (cursor is not null && !MessagesCursor.TryParse(cursor, out after))
        {
            return BadRequest("cursor is not one this list returned (pass nextCursor back unchanged)");
        }

        RecordedMessagePage page;
        try
        {
            page = await grains.GetGrain<IConversationRecordsGrain>(0).ListMessagesAsync(conversation.Value, after, pageSize);
        }
#pragma warning disable CA1031 // Any failure of the store or the cluster is an unavailable service, never a crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Unavailable(loggers, exception);
        }

        return Results.Json(new MessageListResponse
        {
            Key = conversation.Value.ToString(),
            Items = [.. page.Items.Select(m => new MessageResponse
            {
                Direction = RecordColumnValues.Of(m.Direction),
                MessageId = m.MessageId,
                Kind = m.Kind,
                Text = m.Text,
                At = m.At,
                UpdatedAt = m.UpdatedAt,
                DeliveryState = m.DeliveryState is { } state ? RecordColumnValues.Of(state) : null,
                DeliveryReason = m.DeliveryReason,
            })],
            NextCursor = page.Next?.ToString(),
        });
    }

    private static bool TryReadLimit(string? value, out int limit, out string error)
    {
        error = string.Empty;
        limit = RecordPaging.DefaultLimit;
        if (value is null)
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && RecordPaging.IsValidLimit(limit))
        {
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"limit must be a whole number from 1 to {RecordPaging.MaxLimit}");
        return false;
    }

    private static IResult BadRequest(string error) => Results.Json(new ApiErrorResponse(error), statusCode: StatusCodes.Status400BadRequest);

    private static IResult Unavailable(ILoggerFactory loggers, Exception exception)
    {
        LogUnavailable(loggers.CreateLogger(typeof(ConversationRecordsApi)), exception.GetType().Name, exception.Message);
        return Results.Json(new ApiErrorResponse("the conversation records cannot be read now"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation records query failed: {ErrorType}: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string errorType, string error);
}
