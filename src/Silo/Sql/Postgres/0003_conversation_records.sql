-- Conversation records (issue 4 §2): every inbound push and every reply, with the reply's delivery state, in
-- `messages`, and one row per conversation in `conversations` for the "recent conversations" list. Written by the
-- silos' records writer (one per silo process), read by the admin API through a grain, purged by the retention job.
-- The text columns hold personal data: access is the data role's, and rows live for Storage:RetentionDays.
--
-- Additive only (README.md beside this file): two new tables, nothing an earlier release reads. Their grants come
-- from the owner's default privileges, as for every table here: the data role needs SELECT, INSERT, UPDATE and
-- DELETE on both tables and USAGE on the identity sequence of messages.id, which
--   ALTER DEFAULT PRIVILEGES ... GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES / GRANT USAGE, SELECT ON SEQUENCES
-- already give it.

-- One row per push (direction 'in') and per reply (direction 'out'). A reply's platform_message_id is the id of the
-- push it answers (a stable reply id): WeChat's retries of a push, a writer's retried batch and a second activation
-- re-sending its rows all meet the unique key and change nothing; a reply's later states update its row in place,
-- and only from a higher revision (the conversation's own counter), so an older copy arriving late never wins.
-- id orders rows that share a time (and is the cursor's tie-breaker); user_id because "user" is reserved.
CREATE TABLE messages
(
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel             text        NOT NULL,
    account             text        NOT NULL,
    user_id             text        NOT NULL,
    direction           text        NOT NULL CONSTRAINT ck_messages_direction CHECK (direction IN ('in', 'out')),
    platform_message_id text        NOT NULL,
    kind                text        NULL,
    text                text        NULL,
    occurred_at         timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    delivery_state      text        NULL,
    delivery_reason     text        NULL,
    revision            bigint      NOT NULL,
    CONSTRAINT uq_messages_platform_message UNIQUE (channel, account, user_id, direction, platform_message_id)
);

-- One conversation's rows in time order (GET /api/conversations/{key}/messages pages on it).
CREATE INDEX ix_messages_conversation ON messages (channel, account, user_id, occurred_at, id);

-- The retention purge deletes the oldest rows first.
CREATE INDEX ix_messages_occurred_at ON messages (occurred_at);

-- The conversations that have records, with the time of their first and newest row.
CREATE TABLE conversations
(
    channel  text        NOT NULL,
    account  text        NOT NULL,
    user_id  text        NOT NULL,
    first_at timestamptz NOT NULL,
    last_at  timestamptz NOT NULL,
    CONSTRAINT pk_conversations PRIMARY KEY (channel, account, user_id)
);

-- GET /api/conversations: most recent first, paged by (last_at, key); also the retention purge's order.
CREATE INDEX ix_conversations_recent ON conversations (last_at, channel, account, user_id);
