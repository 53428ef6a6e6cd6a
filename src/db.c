/* db.c - the SQLite connection: open, configure, migrate, the journal,
 * statements and transactions (the file and its folder are dbfile.c's) */
#include "db.h"
#include "dbfile.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An SQLite result that means the file itself is bad, not that it is busy. */
static int is_bad_file(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

/* Each migration takes the schema from version i to i + 1, in one transaction. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE visit("
    "  path BLOB PRIMARY KEY,"
    "  rank REAL NOT NULL,"
    "  last INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL DEFAULT 0" /* order of visits, immune to clock skew */
    ") WITHOUT ROWID;"
    "CREATE INDEX visit_seq ON visit(seq);"
    "CREATE TABLE repo("
    "  id INTEGER PRIMARY KEY,"
    "  path BLOB NOT NULL UNIQUE,"
    "  indexed_at INTEGER NOT NULL,"
    "  ndirs INTEGER NOT NULL"
    ");", /* the folders of each repository live in its snapshot (snapshot.h) */
    /* 1 -> 2: the sum of the ranks, so that the aging check on every
       visit reads one row, not the history. It holds as of a point in
       the order of visits, SEQ: each visit adds one to a rank and takes
       the next seq, so the sum now is TOTAL plus the seqs taken since,
       and a visit writes neither this row nor a trigger's (schema 1
       files may have had those triggers, or no table at all) */
    "CREATE TABLE IF NOT EXISTS visit_total("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  total REAL NOT NULL"
    ");"
    "DROP TRIGGER IF EXISTS visit_total_insert;"
    "DROP TRIGGER IF EXISTS visit_total_update;"
    "DROP TRIGGER IF EXISTS visit_total_delete;"
    "ALTER TABLE visit_total ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
    "INSERT OR REPLACE INTO visit_total(one, total, seq) VALUES(1,"
    "  (SELECT total(rank) FROM visit), (SELECT coalesce(max(seq), 0) FROM visit));",
    /* 2 -> 3: what each import took from its source (a format and a
       file), so that importing it again adds only what it gained */
    "CREATE TABLE import_taken("
    "  source BLOB NOT NULL,"
    "  path BLOB NOT NULL," /* as the source writes it */
    "  rank REAL NOT NULL," /* the visits it gave, on mcd's scale */
    "  last INTEGER NOT NULL,"
    "  PRIMARY KEY(source, path)"
    ") WITHOUT ROWID;",
    /* 3 -> 4: the device and inode of each root, which say which rows
       are one checkout whatever path leads there (roots.h); NULL until
       the repository is indexed again */
    "ALTER TABLE repo ADD COLUMN dev INTEGER;"
    "ALTER TABLE repo ADD COLUMN ino INTEGER;"
    "CREATE INDEX repo_inode ON repo(dev, ino);",
};

static const char *const sql[STMT__COUNT] = {
    [STMT_VISIT_ADD] = "INSERT INTO visit(path, rank, last, seq)"
                       " VALUES(?1, 1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM visit))"
                       " ON CONFLICT(path) DO UPDATE SET rank = rank + 1, last = max(last, ?2),"
                       " seq = excluded.seq",
    [STMT_VISIT_TOTAL] =
        "SELECT total + (SELECT coalesce(max(seq), 0) FROM visit) - seq FROM visit_total",
    [STMT_VISIT_AGE] = "UPDATE visit SET rank = rank * ?1",
    [STMT_VISIT_PRUNE] = "DELETE FROM visit WHERE rank < ?1",
    /* after any write but a visit: the sum again, as of the last seq */
    [STMT_VISIT_RETOTAL] = "UPDATE visit_total SET total = (SELECT total(rank) FROM visit),"
                           " seq = (SELECT coalesce(max(seq), 0) FROM visit)",
    [STMT_VISIT_REMOVE] = "DELETE FROM visit WHERE path = ?1",
    /* everything strictly below ?1, which ends in '/'; ?2 is ?1 with the
       '/' replaced by '0', the next byte */
    [STMT_VISIT_UNDER] = "SELECT path, rank, last, seq FROM visit WHERE path >= ?1 AND path < ?2",
    [STMT_VISIT_ALL] = "SELECT path, rank, last, seq FROM visit ORDER BY path",
    [STMT_REPO_GET] = "SELECT id, indexed_at, ndirs FROM repo WHERE path = ?1",
    [STMT_REPO_PUT] =
        "INSERT INTO repo(path, indexed_at, ndirs, dev, ino) VALUES(?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(path) DO UPDATE SET indexed_at = ?2, ndirs = ?3, dev = ?4,"
        " ino = ?5 RETURNING id",
    /* the rows stored with device ?1, inode ?2: the first recorded first */
    [STMT_REPO_BY_INODE] = "SELECT path FROM repo WHERE dev = ?1 AND ino = ?2 ORDER BY id",
};

int db_schema_version(void)
{
	return (int)MCD_ARRAY_SIZE(migrations);
}

int db_error(struct db *db, const char *what)
{
	if (db->conn && is_bad_file(sqlite3_extended_errcode(db->conn)))
		return error("%s: %s; run 'mcd doctor --repair' to salvage the history", what,
		             sqlite3_errmsg(db->conn));
	return error("%s: %s", what, db->conn ? sqlite3_errmsg(db->conn) : "no database");
}

int db_connect(struct db *db)
{
	unsigned flags = db->lazy_flags;

	if (db->conn)
		return 0;
	if (!db->lazy)
		return error("no database");
	db_close(db);
	return db_open_data(db, flags);
}

const struct view *db_view(const struct db *db)
{
	return db->conn || !db->lazy ? NULL : &db->view;
}

int db_exec(struct db *db, const char *text)
{
	char *msg = NULL;
	if (db_connect(db) < 0)
		return -1;
	if (sqlite3_exec(db->conn, text, NULL, NULL, &msg) != SQLITE_OK) {
		error("database '%s': %s", quote_for_humans(db->path), msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
	db->committed = 1;
	return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	if (db->conn && !sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

static int pragma_int(struct db *db, const char *pragma, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, pragma, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			return 0;
	}
	if (is_bad_file(rc))
		return dbfile_unusable("%s", sqlite3_errstr(rc));
	return db_error(db, "cannot read database");
}

/* Refuse a file that is not ours or is newer than us, before anything
 * writes to it. */
static int check_owner(struct db *db, int version, int app)
{
	int tables, r;

	if (version > 0 && app != MCD_APPLICATION_ID)
		return dbfile_unusable("another program's database, application_id %d", app);
	if (version > db_schema_version())
		return dbfile_newer(version);
	if (version == 0) {
		/* an unversioned file with tables belongs to another program */
		if ((r = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables)) < 0)
			return r;
		if (tables > 0)
			return dbfile_unusable("another program's database");
	}
	return 0;
}

/* Bring the schema from VERSION to the current one; concurrent processes
 * serialise on BEGIN IMMEDIATE and re-read the version inside the
 * transaction. */
static int migrate(struct db *db, int network, int version)
{
	int app, r;
	char text[128];

	if (version == db_schema_version())
		return 0;
	if (db_begin(db) < 0)
		return -1;
	if ((r = pragma_int(db, "PRAGMA user_version", &version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app)) < 0 ||
	    (r = check_owner(db, version, app)) < 0)
		goto fail;
	r = -1;
	for (; version < db_schema_version(); version++)
		if (db_exec(db, migrations[version]) < 0)
			goto fail;
	/* PRAGMA arguments cannot be bound: format them into the text */
	snprintf(text, sizeof(text), "PRAGMA application_id = %d; PRAGMA user_version = %d",
	         MCD_APPLICATION_ID, version);
	if (db_exec(db, text) < 0 || db_commit(db) < 0)
		goto fail;
	/* write the new header into the file itself: with the WAL kept
	   between runs, later opens read ownership from it, not the WAL */
	if (!network && strcmp(db->path, ":memory:") != 0)
		sqlite3_exec(db->conn, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
	return 0;
fail:
	db_rollback(db);
	return r;
}

/* The journal mode stored in the file: 1 it is WANT, 0 not, -1 with a
 * message (DB_UNUSABLE for a bad file). */
static int journal_is(struct db *db, const char *want)
{
	sqlite3_stmt *st;
	int rc, same = 0;

	rc = sqlite3_prepare_v2(db->conn, "PRAGMA journal_mode", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		same = strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	if (is_bad_file(rc))
		return dbfile_unusable("%s", sqlite3_errstr(rc));
	if (rc != SQLITE_ROW && rc != SQLITE_OK)
		return db_error(db, "cannot read database");
	return same;
}

/* WAL needs shared memory between processes, which network filesystems do
 * not give: there the rollback journal is used. */
static int set_journal(struct db *db, int network, int is_wal)
{
	const char *want = network ? "delete" : "wal";
	const char *to = network ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
	struct timespec pause = {0, 2 * 1000 * 1000};
	int rc, same, waited;

	if (strcmp(db->path, ":memory:") == 0)
		return 0;
	/* the header said so: spare the query, every cd opens the file */
	if (is_wal && !network)
		return db_exec(db, "PRAGMA synchronous = NORMAL");
	/* journal_mode is stored in the file: only the first opener switches.
	   Switching needs the file alone, and first runs racing each other
	   get SQLITE_BUSY at once, without the busy handler: wait as it
	   would, until one of them has switched it */
	if ((same = journal_is(db, want)) < 0)
		return same;
	for (waited = 0; !same; waited += 2) {
		rc = sqlite3_exec(db->conn, to, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= MCD_BUSY_TIMEOUT_MS)
			return db_error(db, "cannot set the journal mode");
		nanosleep(&pause, NULL);
		if ((same = journal_is(db, want)) < 0)
			return same;
	}
	return db_exec(db, network ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

static int wal_committed(void *arg, struct sqlite3 *conn, const char *name, int pages)
{
	struct db *db = arg;
	db->wal_pages = pages;
	db->committed = 1;
	db->commits++;
	return SQLITE_OK;
}

/* Before SQLite starts: no memory statistics (a mutex on every
 * allocation), and no mutex per connection, which mcd never shares
 * between threads. */
static void configure_sqlite(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

#define OPEN_TAKEN (-4) /* alone: another connection has the file open */

/* Take the file alone, before the first read (which takes the locks):
 * the lock at once or OPEN_TAKEN, never waiting for another connection,
 * which may be an index of a million folders. */
static int take_alone(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	sqlite3_busy_timeout(db->conn, 0);
	rc = sqlite3_exec(db->conn, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &st,
	                                                NULL)) == SQLITE_OK) {
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(db->conn, MCD_BUSY_TIMEOUT_MS);
	/* any other failure is the next read's to report */
	return (rc & 0xff) == SQLITE_BUSY ? OPEN_TAKEN : 0;
}

static int open_journal(struct db *db, const char *path, enum db_journal journal, int alone)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
	int version, app, r, is_wal = 0, network = journal == DB_ROLLBACK;

	memset(db, 0, sizeof(*db));
	dbfile_clear_reason();
	if (strcmp(path, ":memory:") != 0 && (is_wal = r = dbfile_check_header(path)) < 0)
		return r;
	db->path = xstrdup(path);
	db->rollback = network;
	configure_sqlite();
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", quote_for_humans(path),
		      db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		r = -1;
		goto fail;
	}
	/* before anything else touches the file */
	sqlite3_busy_timeout(db->conn, MCD_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	if (!network && strcmp(path, ":memory:") != 0) {
		/* the WAL and its index stay between runs, even when the file
		   is then refused; db_close() decides when to checkpoint (the
		   hook replaces SQLite's autocheckpoint) */
		sqlite3_db_config(db->conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_wal_hook(db->conn, wal_committed, db);
	}
	/* a file not yet in WAL (new, say) is switched the usual way */
	if (alone && is_wal && !network && (r = take_alone(db)) < 0)
		goto fail;
	/* read-only checks first: a refused file is never written */
	if ((r = pragma_int(db, "PRAGMA user_version", &version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app)) < 0 ||
	    (r = check_owner(db, version, app)) < 0)
		goto fail;
	if ((r = set_journal(db, network, is_wal)) < 0 || (r = migrate(db, network, version)) < 0)
		goto fail;
	return 0;
fail:
	db_close(db);
	return r;
}

int db_open_journal(struct db *db, const char *path, enum db_journal journal)
{
	int r;

	if (journal != DB_WAL_ALONE)
		return open_journal(db, path, journal, 0);
	r = open_journal(db, path, DB_WAL, 1);
	return r == OPEN_TAKEN ? open_journal(db, path, DB_WAL, 0) : r;
}

int db_open(struct db *db, const char *path)
{
	return db_open_journal(db, path, DB_WAL);
}

void db_close(struct db *db)
{
	size_t i;
	for (i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	if (db->conn &&
	    (db->wal_pages >= MCD_WAL_CHECKPOINT_PAGES || (db->fold && db->wal_pages))) {
		/* copy the WAL back and empty it, unless a reader or writer is
		   busy with it: then a later writer does it, nobody waits; but
		   past four times the size, this one waits as any write would,
		   so unsynced visits stay few however busy the readers are */
		sqlite3_busy_timeout(db->conn, db->wal_pages >= 4 * MCD_WAL_CHECKPOINT_PAGES
		                                   ? MCD_BUSY_TIMEOUT_MS
		                                   : 0);
		sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	/* after the checkpoint, which changes the files the view is
	   stamped with */
	if (db->conn && (db->committed || db->reviewed))
		view_write(db);
	view_patch_drop(db);
	if (db->conn)
		sqlite3_close(db->conn);
	view_close(&db->view);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

void db_fold_on_close(struct db *db)
{
	db->fold = 1;
}

int db_checkpoint(struct db *db)
{
	int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(db, "cannot fold the write-ahead log into the database");
	db->wal_pages = 0;
	return 0;
}

struct sqlite3_stmt *db_stmt(struct db *db, enum db_stmt id)
{
	if (db_connect(db) < 0)
		return NULL;
	if (!db->stmt[id]) {
		if (sqlite3_prepare_v3(db->conn, sql[id], -1, SQLITE_PREPARE_PERSISTENT,
		                       &db->stmt[id], NULL) != SQLITE_OK) {
			db_error(db, "cannot prepare statement");
			return NULL;
		}
	} else {
		sqlite3_reset(db->stmt[id]);
		sqlite3_clear_bindings(db->stmt[id]);
	}
	return db->stmt[id];
}
