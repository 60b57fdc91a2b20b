-- Conversation records on the embedded default: the same tables as PostgreSQL's 0003_conversation_records.sql, in a
-- SQLite file of their own (records.db beside the grain-state file), so that the records writer never competes with
-- grain-state writes for the one write lock a SQLite file has. The text columns hold personal data.
--
-- Times are TEXT in one fixed UTC format, 'yyyy-MM-ddTHH:mm:ss.ffffffZ' (microseconds, like PostgreSQL's
-- timestamptz), so that text order is time order and indexes and cursors compare them directly.
-- The initializer runs this file in one transaction, so it must not BEGIN or COMMIT itself.

-- A reply's platform_message_id is the id of the push it answers; the unique key keeps platform retries and
-- re-sent rows from creating duplicates, and a row changes only from a higher revision.
-- AUTOINCREMENT so that a sequence number (the cursor's tie-breaker) is never reused after the retention purge.
CREATE TABLE IF NOT EXISTS messages
(
    sequence            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel             TEXT    NOT NULL,
    account             TEXT    NOT NULL,
    user_id             TEXT    NOT NULL,
    direction           TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    platform_message_id TEXT    NOT NULL,
    kind                TEXT    NULL,
    text                TEXT    NULL,
    occurred_at         TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    delivery_state      TEXT    NULL,
    delivery_reason     TEXT    NULL,
    revision            INTEGER NOT NULL,
    CONSTRAINT uq_messages_platform_message UNIQUE (channel, account, user_id, direction, platform_message_id)
) STRICT;

CREATE INDEX IF NOT EXISTS ix_messages_conversation ON messages (channel, account, user_id, occurred_at, sequence);

CREATE INDEX IF NOT EXISTS ix_messages_occurred_at ON messages (occurred_at);

CREATE TABLE IF NOT EXISTS conversations
(
    channel  TEXT NOT NULL,
    account  TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    CONSTRAINT pk_conversations PRIMARY KEY (channel, account, user_id)
) STRICT;

CREATE INDEX IF NOT EXISTS ix_conversations_recent ON conversations (last_at, channel, account, user_id);
