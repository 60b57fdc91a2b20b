-- Grain state for Orleans' ADO.NET persistence provider (invariant "Npgsql").
--
-- The provider ships no SQL: at silo start it loads its statements from OrleansQuery, whose table and column names
-- it fixes (unquoted, so PostgreSQL folds them to lower case, as it folds the provider's own SELECT). Everything else
-- here is ours. What the statements must honour:
--   * parameters sent by the provider, bound by name: @ServiceId, @GrainTypeString, @GrainIdN0 and @GrainIdN1
--     (bigint), @GrainIdExtensionString (NULL for integer and GUID keys without extension), @GrainIdHash and
--     @GrainTypeHash (integer), plus @GrainStateVersion (integer, NULL when the grain holds no ETag) for write, clear
--     and delete, and @PayloadBinary (bytea) for write;
--   * result columns read back by name: PayloadBinary and Version (read), NewGrainStateVersion (write); clear and
--     delete are read by position, so they return a single column;
--   * the integer version is the ETag: a write or clear that finds no row at the expected version returns no row,
--     which the provider turns into InconsistentStateException; a delete returns the removed version + 1.
-- The migrator runs this file in one transaction (PostgreSQL's DDL is transactional), so it must not BEGIN or COMMIT
-- itself. Shipped scripts are never edited; see README.md beside this file for the rules of a new one.

CREATE TABLE OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-- Rows are keyed by the grain's natural identity rather than by the provider's 32-bit hashes: the primary key
-- indexes the text directly, lookups need no collision check, and rows stay valid if the provider's hasher ever
-- changes. The hash parameters are therefore accepted and ignored.
-- grain_id_extension holds '' for "no extension": Orleans builds the same grain id for a null and an empty extension,
-- and a primary key column cannot be NULL.
-- payload is bytea, the provider's bytes exactly as written (plain System.Text.Json, see
-- PostgresGrainStorageServiceCollectionExtensions): jsonb would reorder keys and change the bytes the silo reads back.
-- Large payloads are compressed out of line by TOAST.
CREATE TABLE grain_state
(
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NOT NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL,
    CONSTRAINT pk_grain_state PRIMARY KEY (service_id, grain_type, grain_id_extension, grain_id_n0, grain_id_n1)
);

-- Supports a later retention job (Storage:RetentionDays) that removes rows not written for a while.
CREATE INDEX ix_grain_state_modified_at ON grain_state (modified_at);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $query$
SELECT payload AS "PayloadBinary",
       version AS "Version"
  FROM grain_state
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1;
$query$);

-- One statement, so it is atomic without an explicit transaction on a pooled connection. Both parts see the same
-- snapshot and at most one of them changes a row: the UPDATE matches only the version the grain holds (never a NULL
-- one); the INSERT runs only for a grain without an ETag and yields nothing if another activation created the row
-- first (ON CONFLICT waits for that one's commit). Under READ COMMITTED a concurrent UPDATE of the same row waits for
-- the first and then re-checks the version, so two writers holding one ETag cannot both succeed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $query$
WITH updated AS (
    UPDATE grain_state
       SET payload = @PayloadBinary,
           version = version + 1,
           modified_at = now()
     WHERE service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO grain_state
           (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
           @PayloadBinary, 1, now()
     WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$query$);

-- Clear keeps the row and its version history: the payload goes, the version still moves on, so a stale activation
-- cannot write over the cleared state.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $query$
UPDATE grain_state
   SET payload = NULL,
       version = version + 1,
       modified_at = now()
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$query$);

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. The provider compares
-- the returned value with the ETag it sent, so the removed version + 1 signals success.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $query$
DELETE FROM grain_state
 WHERE service_id = @ServiceId
   AND grain_type = @GrainTypeString
   AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
   AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1
   AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$query$);
