-- Reminders for Orleans' ADO.NET reminder provider (invariant "System.Data.SQLite"), in the same file as grain state.
--
-- Like the storage provider, it ships no SQL and loads its statements from OrleansQuery (created by 0001) when the
-- silo starts; the silo refuses to start if any of the seven keys below is missing. What the statements must honour:
--   * parameters sent by the provider: @ServiceId, @GrainId (GrainId.ToString(), parsed back with GrainId.Parse),
--     @ReminderName, @StartTime (a UTC DateTime), @Period (milliseconds, an integer), @GrainHash, @BeginHash and
--     @EndHash (the grain's 32-bit uniform hash cast from uint to int, so negative for the upper half of the ring),
--     @Version (the ETag, an integer);
--   * result columns read back by name: GrainId, ReminderName, StartTime, Period and Version for the reads, Version
--     for the upsert; the single-row delete is read by position as one boolean column.
-- The initializer runs this file in one transaction, so it must not BEGIN or COMMIT itself.

-- grain_hash holds the provider's hash exactly as sent, a signed 32-bit integer. The range queries compare it with
-- bounds cast the same way, and the provider picks the non-wrapping query when (int)begin < (int)end: the cast
-- rotates the ring without reordering it, so both queries see the same arc as the unsigned ring does. Storing the
-- unsigned value instead would make every arc that crosses 2^31 read the wrong rows.
--
-- start_time holds the UTC wall-clock time as text, the form Microsoft.Data.Sqlite binds a DateTime in
-- ('yyyy-MM-dd HH:mm:ss' plus up to seven fraction digits, the point dropped when they are all zero). The provider
-- reads it back with DateTimeKind.Utc stamped on, whatever the text says, so the column refuses anything carrying an
-- offset or a zone ('Z', '+08:00'): such a value could be shifted by the reader's local zone and come back hours off,
-- the SQLite cousin of Orleans issue #7424 (reminders broken by PostgreSQL timestamp vs timestamptz). The seven
-- digits keep DateTime's full 100 ns resolution, so the value round-trips exactly.
CREATE TABLE IF NOT EXISTS reminder
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL
        CONSTRAINT ck_reminder_start_time_utc_text CHECK (
            start_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'
            OR (start_time GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9]*'
                AND length(start_time) <= 27
                AND substr(start_time, 21) NOT GLOB '*[^0-9]*')),
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    CONSTRAINT pk_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
) STRICT, WITHOUT ROWID;

-- Each silo reads the reminders of its arc of the ring: at start, when the ring changes and every
-- ReminderOptions.RefreshReminderListPeriod.
CREATE INDEX IF NOT EXISTS ix_reminder_service_hash ON reminder (service_id, grain_hash);

-- Registering again (same grain and name) replaces the schedule and moves the version on, which invalidates the
-- ETag an earlier registration handed out. The version wraps back to 1 before it leaves the int range the provider
-- parses ETags into.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time,
       period_ms = excluded.period_ms,
       grain_hash = excluded.grain_hash,
       version = (reminder.version % 2147483647) + 1
RETURNING version AS Version;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT grain_id AS GrainId,
       reminder_name AS ReminderName,
       start_time AS StartTime,
       period_ms AS Period,
       version AS Version
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT grain_id AS GrainId,
       reminder_name AS ReminderName,
       start_time AS StartTime,
       period_ms AS Period,
       version AS Version
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName;
');

-- The arc (begin, end] that does not wrap: used when (int)@BeginHash < (int)@EndHash.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT grain_id AS GrainId,
       reminder_name AS ReminderName,
       start_time AS StartTime,
       period_ms AS Period,
       version AS Version
  FROM reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash;
');

-- The arc (begin, end] that wraps past the top of the range, and the whole ring when begin = end.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT grain_id AS GrainId,
       reminder_name AS ReminderName,
       start_time AS StartTime,
       period_ms AS Period,
       version AS Version
  FROM reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
');

-- Deletes only at the ETag the caller holds. The provider reads exactly one row with one column, also when nothing
-- matched (a stale ETag or a row already gone), so the answer comes from changes() after the DELETE rather than from
-- RETURNING, which would yield no row at all.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName
   AND version = @Version;
SELECT changes() > 0 AS Deleted;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM reminder
 WHERE service_id = @ServiceId;
');
