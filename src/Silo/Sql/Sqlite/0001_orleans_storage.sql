-- Grain state for Orleans' ADO.NET persistence provider (invariant "System.Data.SQLite").
--
-- The provider ships no SQL: at silo start it loads its statements from OrleansQuery, whose table and column
-- names are fixed by the provider. Everything else here is ours. What the statements must honour:
--   * parameters sent by the provider: @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
--     @GrainIdExtensionString (NULL for integer and GUID keys without extension), @GrainIdHash, @GrainTypeHash,
--     plus @GrainStateVersion (NULL when the grain holds no ETag) for write and clear, and @PayloadBinary for write;
--   * result columns read back by name: PayloadBinary and Version (read), NewGrainStateVersion (write);
--     clear and delete are read by position, so they return a single column;
--   * the integer version is the ETag: a write or clear that finds no row at the expected version returns no row,
--     which the provider turns into InconsistentStateException; a delete returns the removed version + 1.
-- The initializer runs this file in one transaction, so it must not BEGIN or COMMIT itself.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
) STRICT;

-- Rows are keyed by the grain's natural identity rather than by the provider's 32-bit hashes: SQLite indexes the
-- text directly, lookups need no collision check, and rows stay valid if the provider's hasher ever changes.
-- The hash parameters are therefore accepted and ignored.
-- grain_id_extension holds '' for "no extension"; Orleans itself builds the same grain id for a null and an empty
-- extension, and a NOT NULL column keeps the UNIQUE constraint effective (NULLs never collide in SQLite).
-- STRICT makes SQLite reject a payload that is not a BLOB instead of silently storing text the provider cannot
-- read back as bytes.
CREATE TABLE IF NOT EXISTS grain_state
(
    service_id         TEXT    NOT NULL,
    grain_type         TEXT    NOT NULL,
    grain_id_n0        INTEGER NOT NULL,
    grain_id_n1        INTEGER NOT NULL,
    grain_id_extension TEXT    NOT NULL,
    payload            BLOB    NULL,
    version            INTEGER NOT NULL,
    modified_at        TEXT    NOT NULL,
    CONSTRAINT uq_grain_state_identity UNIQUE (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
) STRICT;

-- Supports a later retention job (Storage:RetentionDays) that removes rows not written for a while.
CREATE INDEX IF NOT EXISTS ix_grain_state_modified_at ON grain_state (modified_at);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary,
       version AS Version
  FROM grain_state
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = ifnull(@GrainIdExtensionString, '''');
');

-- Two single-statement writes instead of one explicit transaction: each is atomic on its own, at most one of them
-- can change a row, and no BEGIN is left open on a pooled connection if the command fails half way.
-- The UPDATE matches only the version the grain holds (never a NULL one); the INSERT runs only for a grain without
-- an ETag and yields nothing if another activation created the row first.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE grain_state
   SET payload = @PayloadBinary,
       version = version + 1,
       modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;

INSERT INTO grain_state
       (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ifnull(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
');

-- Clear keeps the row and its version history: the payload goes, the version still moves on, so a stale activation
-- cannot write over the cleared state.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE grain_state
   SET payload = NULL,
       version = version + 1,
       modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
');

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The provider compares
-- the returned value with the ETag it sent, so the removed version + 1 signals success.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM grain_state
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND grain_id_extension = ifnull(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
');
