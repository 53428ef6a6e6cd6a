/* test_db.c - opening, migrating and refusing the database, its journal
 * and its WAL (src/db.c) */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "dbutil.h"
#include "util.h"

/* db_open on PATH fails, leaves DB empty and the file byte for byte as it
 * was, with no journal files beside it. Everything is freed before the
 * assertions, so a failure reports only itself. */
static void assert_refused_untouched_as(const char *path, int want)
{
	struct buf before = BUF_INIT, after = BUF_INIT, side = BUF_INIT;
	int rc, emptied, same, wal, shm;
	struct db db;

	slurp(path, &before);
	rc = db_open(&db, path);
	emptied = db.conn == NULL && db.path == NULL;
	if (rc == 0)
		db_close(&db);
	slurp(path, &after);
	same = after.len == before.len && memcmp(after.data, before.data, before.len) == 0;
	buf_addf(&side, "%s-wal", path);
	wal = exists(side.data);
	buf_setlen(&side, 0);
	buf_addf(&side, "%s-shm", path);
	shm = exists(side.data);
	buf_release(&before);
	buf_release(&after);
	buf_release(&side);

	assert_int_equal(rc, want);
	assert_true(emptied);
	if (!same)
		fail_msg("'%s' was modified by a refused db_open", path);
	assert_false(wal);
	assert_false(shm);
}

static void assert_refused_untouched(const char *path)
{
	assert_refused_untouched_as(path, DB_UNUSABLE);
}

static void should_create_schema_in_memory(void **state)
{
	struct db db;

	assert_int_equal(db_open(&db, ":memory:"), 0);
	assert_current_schema(db.conn);
	db_close(&db);
}

static void should_create_schema_in_new_file(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	struct db db;

	assert_false(exists(path));
	assert_int_equal(db_open(&db, path), 0);
	assert_current_schema(db.conn);
	db_close(&db);
	assert_true(exists(path));
}

static void should_use_wal_journal_for_files(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	sqlite3_stmt *st;
	struct db db;

	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(sqlite3_prepare_v2(db.conn, "PRAGMA journal_mode", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	db_close(&db);
}

static void should_use_rollback_journal_on_network_filesystems(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	sqlite3_stmt *st;
	struct db db;

	/* statfs types: NFS, SMB, CIFS, SMB2 are network; ext4, tmpfs not */
	assert_true(db_is_network_fs(0x6969));
	assert_true(db_is_network_fs(0x517b));
	assert_true(db_is_network_fs((long)0xff534d42UL));
	assert_true(db_is_network_fs((long)0xfe534d42UL));
	assert_false(db_is_network_fs(0xef53));
	assert_false(db_is_network_fs(0x01021994));
	/* a WAL file made locally switches back to the rollback journal */
	assert_int_equal(db_open(&db, path), 0);
	db_close(&db);
	assert_int_equal(db_open_journal(&db, path, DB_ROLLBACK), 0);
	assert_int_equal(sqlite3_prepare_v2(db.conn, "PRAGMA journal_mode", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "delete");
	sqlite3_finalize(st);
	db_close(&db);
}

static void should_keep_data_when_reopening(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	int cookie;
	struct db db;

	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(
	    db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(CAST('/a' AS BLOB), 3, 42)"),
	    0);
	cookie = pragma(db.conn, "PRAGMA schema_version");
	db_close(&db);

	assert_int_equal(db_open(&db, path), 0);
	assert_current_schema(db.conn);
	/* the schema cookie changes with every CREATE: migrations did not run */
	assert_int_equal(pragma(db.conn, "PRAGMA schema_version"), cookie);
	assert_int_equal(pragma(db.conn, "SELECT rank FROM visit WHERE path = CAST('/a' AS BLOB)"),
	                 3);
	assert_int_equal(pragma(db.conn, "SELECT last FROM visit WHERE path = CAST('/a' AS BLOB)"),
	                 42);
	db_close(&db);
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : 0;
}

/* Every cd commits a visit and exits: the WAL is kept between processes
 * (no fsync per visit) but folded back before it grows, and nothing is
 * lost on the way. */
/* What indexed folds the WAL back when it closes, visits and all: the
 * next process to open the file has nothing to replay. A plain write keeps
 * it. Nothing is lost either way. */
static void should_fold_the_wal_when_asked_to(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	struct buf wal = BUF_INIT;
	struct db db;

	buf_addf(&wal, "%s-wal", path);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f61', 1, 1)"),
	                 0);
	db_close(&db);
	assert_true(file_size(wal.data) > 0);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f62', 1, 2)"),
	                 0);
	db_fold_on_close(&db);
	db_close(&db);
	assert_int_equal(file_size(wal.data), 0);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db.conn, "SELECT count(*) FROM visit"), 2);
	/* asked to, but nothing written: the file is left alone */
	db_fold_on_close(&db);
	db_close(&db);
	assert_int_equal(file_size(wal.data), 0);
	buf_release(&wal);
}

static void should_keep_the_wal_small_across_many_writers(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	struct buf wal = BUF_INIT;
	off_t most = 0, limit = (MCD_WAL_CHECKPOINT_PAGES + 8) * (4096 + 24) + 32;
	char sql[128];
	struct db db;
	int i, saw_kept = 0;

	buf_addf(&wal, "%s-wal", path);
	for (i = 0; i < 400; i++) {
		assert_int_equal(db_open(&db, path), 0);
		snprintf(sql, sizeof(sql),
		         "INSERT INTO visit(path, rank, last) VALUES(CAST('/visited/%d' AS BLOB), "
		         "1, %d)",
		         i, i);
		assert_int_equal(db_exec(&db, sql), 0);
		db_close(&db);
		if (file_size(wal.data) > most)
			most = file_size(wal.data);
		saw_kept |= file_size(wal.data) > 0;
	}
	assert_true(saw_kept);
	assert_in_range(most, 1, limit);

	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db.conn, "SELECT count(*) FROM visit"), 400);
	assert_int_equal(db_checkpoint(&db), 0);
	assert_int_equal(file_size(wal.data), 0);
	db_close(&db);
	buf_release(&wal);
}

/* Is CONN's locking mode "exclusive"? */
static int held_alone(sqlite3 *conn)
{
	sqlite3_stmt *st;
	int alone = 0;

	if (sqlite3_prepare_v2(conn, "PRAGMA locking_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		alone = strcmp((const char *)sqlite3_column_text(st, 0), "exclusive") == 0;
	sqlite3_finalize(st);
	return alone;
}

/* A visit (DB_WAL_ALONE) holds the file alone when no other connection has
 * it open: no shared-memory index is made. When another has it open, it
 * opens as usual at once, without waiting for it; a new file is made the
 * usual way. Every write is seen by the others, and the WAL a visit left
 * is read back by the next one to open the file. */
static void should_hold_the_file_alone_only_when_nobody_else_has_it(void **state)
{
	const char *path = in_dir(state, "mcd.db");
	struct buf shm = BUF_INIT;
	struct db db, other;

	buf_addf(&shm, "%s-shm", path);
	assert_int_equal(db_open_journal(&db, path, DB_WAL_ALONE), 0);
	assert_false(held_alone(db.conn));
	db_close(&db);
	unlink(shm.data);

	assert_int_equal(db_open_journal(&db, path, DB_WAL_ALONE), 0);
	assert_true(held_alone(db.conn));
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f61', 1, 1)"),
	                 0);
	db_close(&db);
	assert_false(exists(shm.data));

	assert_int_equal(db_open(&other, path), 0);
	assert_int_equal(pragma(other.conn, "SELECT count(*) FROM visit"), 1);
	assert_int_equal(db_open_journal(&db, path, DB_WAL_ALONE), 0);
	assert_false(held_alone(db.conn));
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f62', 1, 2)"),
	                 0);
	db_close(&db);
	assert_int_equal(pragma(other.conn, "SELECT count(*) FROM visit"), 2);
	db_close(&other);

	assert_int_equal(db_open_journal(&db, path, DB_WAL_ALONE), 0);
	assert_true(held_alone(db.conn));
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f63', 1, 3)"),
	                 0);
	db_close(&db);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db.conn, "SELECT count(*) FROM visit"), 3);
	db_close(&db);
	buf_release(&shm);
}

/* Schema 1 histories, written before the sum of ranks was kept or while
 * triggers kept it, come to schema 2 when opened: the sum as of the last
 * seq, no trigger left. */
static void should_bring_a_schema_1_history_to_the_current_one(void **state)
{
	static const char *const kept[] = {
	    "",
	    "CREATE TABLE visit_total(one INTEGER PRIMARY KEY CHECK (one = 1), total REAL NOT "
	    "NULL);"
	    "INSERT INTO visit_total VALUES(1, 99);" /* wrong: summed again */
	    "CREATE TRIGGER visit_total_insert AFTER INSERT ON visit BEGIN"
	    "  UPDATE visit_total SET total = total + new.rank; END;"
	    "CREATE TRIGGER visit_total_update AFTER UPDATE OF rank ON visit BEGIN"
	    "  UPDATE visit_total SET total = total - old.rank + new.rank; END;"
	    "CREATE TRIGGER visit_total_delete AFTER DELETE ON visit BEGIN"
	    "  UPDATE visit_total SET total = total - old.rank; END;",
	};
	size_t k;

	for (k = 0; k < MCD_ARRAY_SIZE(kept); k++) {
		char name[32], sql[2048];
		const char *path;
		sqlite3 *conn;
		struct db db;

		snprintf(name, sizeof(name), "mcd%zu.db", k);
		path = in_dir(state, name);
		assert_int_equal(sqlite3_open(path, &conn), SQLITE_OK);
		snprintf(sql, sizeof(sql),
		         "PRAGMA journal_mode = WAL;"
		         "CREATE TABLE visit(path BLOB PRIMARY KEY, rank REAL NOT NULL,"
		         "  last INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
		         "CREATE INDEX visit_seq ON visit(seq);"
		         "CREATE TABLE repo(id INTEGER PRIMARY KEY, path BLOB NOT NULL UNIQUE,"
		         "  indexed_at INTEGER NOT NULL, ndirs INTEGER NOT NULL);"
		         "INSERT INTO visit VALUES(CAST('/a' AS BLOB), 3, 1, 1), (CAST('/b' AS "
		         "BLOB), 4.5, 2, 2);"
		         "%s"
		         "PRAGMA application_id = %d; PRAGMA user_version = 1;",
		         kept[k], MCD_APPLICATION_ID);
		assert_int_equal(sqlite3_exec(conn, sql, NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_close(conn), SQLITE_OK);

		assert_int_equal(db_open(&db, path), 0);
		assert_current_schema(db.conn);
		assert_int_equal(pragma(db.conn, "SELECT count(*) FROM visit"), 2);
		assert_int_equal(pragma(db.conn, "SELECT total * 2 FROM visit_total"), 15);
		assert_int_equal(pragma(db.conn, "SELECT seq FROM visit_total"), 2);
		assert_int_equal(
		    pragma(db.conn, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"),
		    0);
		db_close(&db);
	}
}

static void should_refuse_newer_schema_and_leave_file_untouched(void **state)
{
	const char *path = in_dir(state, "mcd.db");

	make_foreign_file(path, MCD_APPLICATION_ID, db_schema_version() + 1);
	assert_refused_untouched_as(path, DB_NEWER);
}

static void should_refuse_foreign_database(void **state)
{
	const char *path = in_dir(state, "other.db");

	make_foreign_file(path, 0x12345678, 7);
	assert_refused_untouched(path);
}

/* Most programs never set user_version: their files are foreign too. */
static void should_refuse_foreign_database_without_user_version(void **state)
{
	const char *path = in_dir(state, "other.db");

	make_foreign_file(path, 0, 0);
	assert_refused_untouched(path);
}

static void should_close_zeroed_db_safely(void **state)
{
	struct db db;

	memset(&db, 0, sizeof(db));
	db_close(&db);
	db_close(&db);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_create_schema_in_memory),
	    T(should_create_schema_in_new_file),
	    T(should_use_wal_journal_for_files),
	    T(should_fold_the_wal_when_asked_to),
	    T(should_use_rollback_journal_on_network_filesystems),
	    T(should_keep_data_when_reopening),
	    T(should_keep_the_wal_small_across_many_writers),
	    T(should_hold_the_file_alone_only_when_nobody_else_has_it),
	    T(should_bring_a_schema_1_history_to_the_current_one),
	    T(should_refuse_newer_schema_and_leave_file_untouched),
	    T(should_refuse_foreign_database),
	    T(should_refuse_foreign_database_without_user_version),
	    T(should_close_zeroed_db_safely),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
