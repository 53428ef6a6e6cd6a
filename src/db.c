/* db.c - open, migrate and talk to the SQLite database */
#include "db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	");"
	"CREATE TABLE dir("
	"  repo INTEGER NOT NULL,"
	"  rel BLOB NOT NULL,"
	"  mtime INTEGER NOT NULL,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  name BLOB,"
	"  PRIMARY KEY(repo, rel)"
	") WITHOUT ROWID;",
};

static const char *const sql[STMT__COUNT] = {
	[STMT_VISIT_ADD] = "INSERT INTO visit(path, rank, last, seq)"
			   " VALUES(?1, 1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM visit))"
			   " ON CONFLICT(path) DO UPDATE SET rank = rank + 1, last = max(last, ?2),"
			   " seq = excluded.seq",
	[STMT_VISIT_TOTAL] = "SELECT total(rank) FROM visit",
	[STMT_VISIT_AGE] = "UPDATE visit SET rank = rank * ?1",
	[STMT_VISIT_PRUNE] = "DELETE FROM visit WHERE rank < ?1",
	[STMT_VISIT_REMOVE] = "DELETE FROM visit WHERE path = ?1",
	/* everything strictly below ?1, which ends in '/'; ?2 is ?1 with the
	   '/' replaced by '0', the next byte */
	[STMT_VISIT_UNDER] = "SELECT path, rank, last, seq FROM visit WHERE path >= ?1 AND path < ?2",
	[STMT_VISIT_ALL] = "SELECT path, rank, last, seq FROM visit",
	[STMT_REPO_GET] = "SELECT id, indexed_at, ndirs FROM repo WHERE path = ?1",
	[STMT_REPO_PUT] = "INSERT INTO repo(path, indexed_at, ndirs) VALUES(?1, ?2, ?3)"
			  " ON CONFLICT(path) DO UPDATE SET indexed_at = ?2, ndirs = ?3 RETURNING id",
	[STMT_DIR_CLEAR] = "DELETE FROM dir WHERE repo = ?1",
	[STMT_DIR_INSERT] = "INSERT OR REPLACE INTO dir(repo, rel, mtime, flags, name) VALUES(?1, ?2, ?3, ?4, ?5)",
	[STMT_DIR_ALL] = "SELECT rel, flags, name FROM dir WHERE repo = ?1 ORDER BY rel",
};

int db_schema_version(void)
{
	return (int)MCD_ARRAY_SIZE(migrations);
}

int db_error(struct db *db, const char *what)
{
	return error("%s: %s", what, db->conn ? sqlite3_errmsg(db->conn) : "no database");
}

int db_exec(struct db *db, const char *text)
{
	char *msg = NULL;
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
	if (rc != SQLITE_OK)
		return db_error(db, "cannot read database");
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read database");
	return 0;
}

/* Refuse a file that is not ours or is newer than us, before anything
 * writes to it. */
static int check_owner(struct db *db, int version, int app)
{
	int tables;

	if (version > db_schema_version())
		return error("database '%s' has schema version %d, newer than this mcd (%d)",
			     quote_for_humans(db->path), version, db_schema_version());
	if (version > 0 && app != MCD_APPLICATION_ID)
		return error("'%s' is not an mcd database", quote_for_humans(db->path));
	if (version == 0) {
		/* an unversioned file with tables belongs to another program */
		if (pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables) < 0)
			return -1;
		if (tables > 0)
			return error("'%s' is not an mcd database", quote_for_humans(db->path));
	}
	return 0;
}

/* Bring the schema to the current version; concurrent processes serialise
 * on BEGIN IMMEDIATE and re-read the version inside the transaction. */
static int migrate(struct db *db)
{
	int version, app;
	char text[128];

	if (pragma_int(db, "PRAGMA user_version", &version) < 0)
		return -1;
	if (version == db_schema_version())
		return 0;
	if (db_begin(db) < 0)
		return -1;
	if (pragma_int(db, "PRAGMA user_version", &version) < 0 ||
	    pragma_int(db, "PRAGMA application_id", &app) < 0 || check_owner(db, version, app) < 0)
		goto fail;
	for (; version < db_schema_version(); version++)
		if (db_exec(db, migrations[version]) < 0)
			goto fail;
	/* PRAGMA arguments cannot be bound: format them into the text */
	snprintf(text, sizeof(text), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 MCD_APPLICATION_ID, version);
	if (db_exec(db, text) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int set_journal(struct db *db)
{
	sqlite3_stmt *st;
	int rc, wal = 0;

	if (strcmp(db->path, ":memory:") == 0)
		return 0;
	/* journal_mode is stored in the file: only the first opener switches */
	rc = sqlite3_prepare_v2(db->conn, "PRAGMA journal_mode", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_error(db, "cannot read database");
	if (!wal && db_exec(db, "PRAGMA journal_mode = WAL") < 0)
		return -1;
	return db_exec(db, "PRAGMA synchronous = NORMAL");
}

int db_open(struct db *db, const char *path)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
	int version, app;

	memset(db, 0, sizeof(*db));
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", quote_for_humans(path),
		      db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		goto fail;
	}
	/* before anything else touches the file */
	sqlite3_busy_timeout(db->conn, MCD_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	/* read-only checks first: a refused file is never written */
	if (pragma_int(db, "PRAGMA user_version", &version) < 0 ||
	    pragma_int(db, "PRAGMA application_id", &app) < 0 || check_owner(db, version, app) < 0)
		goto fail;
	if (set_journal(db) < 0 || migrate(db) < 0)
		goto fail;
	return 0;
fail:
	db_close(db);
	return -1;
}

/* mkdir -p with mode 0700 for the folders we create */
static int make_dirs(char *path)
{
	char *p;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			*p = '/';
			return error("cannot create '%s': %s", quote_for_humans(path), strerror(e));
		}
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return error("cannot create '%s': %s", quote_for_humans(path), strerror(errno));
	return 0;
}

int db_data_dir(struct buf *out)
{
	const char *v;

	buf_setlen(out, 0);
	if ((v = getenv("MCD_DATA_DIR")) && *v) {
		if (*v != '/')
			return error("MCD_DATA_DIR must be an absolute path: '%s'", quote_for_humans(v));
		buf_adds(out, v);
	} else if ((v = getenv("XDG_DATA_HOME")) && *v == '/') {
		/* a relative XDG_DATA_HOME is invalid per the spec: ignore it */
		buf_adds(out, v);
		buf_adds(out, "/mcd");
	} else if ((v = getenv("HOME")) && *v == '/') {
		buf_adds(out, v);
		buf_adds(out, "/.local/share/mcd");
	} else {
		return error("cannot find a data folder: set HOME or MCD_DATA_DIR");
	}
	while (out->len > 1 && out->data[out->len - 1] == '/')
		buf_setlen(out, out->len - 1);
	return 0;
}

int db_open_default(struct db *db)
{
	struct buf dir = BUF_INIT;
	char *file;
	int ret;

	memset(db, 0, sizeof(*db));
	if (db_data_dir(&dir) < 0 || make_dirs(dir.data) < 0) {
		buf_release(&dir);
		return -1;
	}
	file = path_join(dir.data, "mcd.db");
	ret = db_open(db, file);
	free(file);
	buf_release(&dir);
	return ret;
}

void db_close(struct db *db)
{
	size_t i;
	for (i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	if (db->conn)
		sqlite3_close(db->conn);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

struct sqlite3_stmt *db_stmt(struct db *db, enum db_stmt id)
{
	if (!db->stmt[id]) {
		if (sqlite3_prepare_v3(db->conn, sql[id], -1, SQLITE_PREPARE_PERSISTENT, &db->stmt[id],
				       NULL) != SQLITE_OK) {
			db_error(db, "cannot prepare statement");
			return NULL;
		}
	} else {
		sqlite3_reset(db->stmt[id]);
		sqlite3_clear_bindings(db->stmt[id]);
	}
	return db->stmt[id];
}
