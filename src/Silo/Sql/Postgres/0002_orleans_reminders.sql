-- Reminders for Orleans' ADO.NET reminder provider (invariant "Npgsql"), in the same database as grain state.
--
-- Like the storage provider, it ships no SQL and loads its statements from OrleansQuery (created by 0001) when the
-- silo starts; the silo refuses to start if any of the seven keys below is missing. What the statements must honour:
--   * parameters sent by the provider, bound by name: @ServiceId, @GrainId (text, GrainId.ToString(), parsed back
--     with GrainId.Parse), @ReminderName, @StartTime (a UTC DateTime, sent as timestamptz), @Period (milliseconds,
--     integer or bigint), @GrainHash, @BeginHash and @EndHash (the grain's 32-bit uniform hash cast from uint to int,
--     so negative for the upper half of the ring), @Version (the ETag, integer);
--   * result columns read back by name: GrainId, ReminderName, StartTime, Period (read as bigint) and Version for the
--     reads, Version for the upsert; the single-row delete is read by position as one boolean column.
-- The migrator runs this file in one transaction, so it must not BEGIN or COMMIT itself.

-- start_time is timestamptz: Npgsql 6 and later send a UTC DateTime as timestamptz and refuse to write it to a
-- timestamp column, which broke Orleans reminders on `timestamp` (dotnet/orleans#7424). timestamptz stores the
-- instant; Npgsql reads it back as a UTC DateTime, whatever the session's time zone.
--
-- grain_hash holds the provider's hash exactly as sent, a signed 32-bit integer. The range queries compare it with
-- bounds cast the same way, and the provider picks the non-wrapping query when (int)begin < (int)end: the cast
-- rotates the ring without reordering it, so both queries see the same arc as the unsigned ring does. Storing the
-- unsigned value instead would make every arc that crosses 2^31 read the wrong rows.
CREATE TABLE reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT pk_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its arc of the ring: at start, when the ring changes and every
-- ReminderOptions.RefreshReminderListPeriod.
CREATE INDEX ix_reminder_service_hash ON reminder (service_id, grain_hash);

-- Registering again (same grain and name) replaces the schedule and moves the version on, which invalidates the
-- ETag an earlier registration handed out. The version wraps back to 1 before it leaves the int range the provider
-- parses ETags into.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $query$
INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time,
       period_ms = excluded.period_ms,
       grain_hash = excluded.grain_hash,
       version = (reminder.version % 2147483647) + 1
RETURNING version AS "Version";
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period_ms AS "Period",
       version AS "Version"
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period_ms AS "Period",
       version AS "Version"
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName;
$query$);

-- The arc (begin, end] that does not wrap: used when (int)@BeginHash < (int)@EndHash.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period_ms AS "Period",
       version AS "Version"
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash;
$query$);

-- The arc (begin, end] that wraps past the top of the range, and the whole ring when begin = end.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period_ms AS "Period",
       version AS "Version"
  FROM reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$query$);

-- Deletes only at the ETag the caller holds. The provider reads exactly one row with one column, also when nothing
-- matched (a stale ETag or a row already gone), so the answer is counted from the DELETE's RETURNING rather than
-- taken from it, which would yield no row at all.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $query$
WITH deleted AS (
    DELETE FROM reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 AS "Deleted" FROM deleted;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $query$
DELETE FROM reminder
 WHERE service_id = @ServiceId;
$query$);
