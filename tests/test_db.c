/* test_db.c - opening, migrating and locating the database (src/db.c) */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "util.h"

/* Each test gets a fresh temp folder (its path is the state) and the
 * environment variables db_data_dir reads, restored afterwards. */
struct fixture {
	char dir[64];
	char *env[3];
	int had[3];
	char *paths[8]; /* from in_dir, freed by teardown even after a failure */
	size_t npaths;
};

static const char *const env_names[3] = {"MCD_DATA_DIR", "XDG_DATA_HOME", "HOME"};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	size_t i;

	strcpy(f->dir, "/tmp/mcd-test-db.XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		const char *v = getenv(env_names[i]);
		f->had[i] = v != NULL;
		f->env[i] = v ? xstrdup(v) : NULL;
	}
	error_set_quiet(1);
	*state = f;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < 3; i++) {
		if (f->had[i])
			setenv(env_names[i], f->env[i], 1);
		else
			unsetenv(env_names[i]);
		free(f->env[i]);
	}
	for (i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	error_set_quiet(0);
	nftw(f->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* DIR/NAME, valid until teardown. */
static const char *in_dir(void **state, const char *name)
{
	struct fixture *f = *state;

	assert_true(f->npaths < MCD_ARRAY_SIZE(f->paths));
	return f->paths[f->npaths++] = path_join(f->dir, name);
}

static int pragma(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *st;
	int v;

	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int has_table(sqlite3 *conn, const char *name)
{
	sqlite3_stmt *st;
	int found;

	assert_int_equal(sqlite3_prepare_v2(
	                     conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	                     -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static void assert_current_schema(sqlite3 *conn)
{
	assert_int_equal(pragma(conn, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(pragma(conn, "PRAGMA application_id"), MCD_APPLICATION_ID);
	assert_true(has_table(conn, "visit"));
	assert_true(has_table(conn, "visit_total"));
	assert_true(has_table(conn, "repo"));
	assert_false(has_table(conn, "dir")); /* folders live in snapshot files */
}

/* The whole content of PATH, into B. */
static void slurp(const char *path, struct buf *b)
{
	buf_setlen(b, 0);
	assert_int_equal(read_file_at(AT_FDCWD, path, 1 << 24, b), 0);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* db_open_default(DB) with what it says on stderr captured into SAID. */
static int open_default_saying(struct db *db, struct buf *said)
{
	char tmpl[] = "/tmp/mcd-test-db-stderr.XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2), rc;

	assert_return_code(fd, errno);
	assert_return_code(saved, errno);
	assert_return_code(dup2(fd, 2), errno);
	close(fd);
	error_set_quiet(0);
	rc = db_open_default(db);
	error_set_quiet(1);
	assert_return_code(dup2(saved, 2), errno);
	close(saved);
	slurp(tmpl, said);
	unlink(tmpl);
	return rc;
}

/* Create a plain SQLite file at PATH (rollback journal, as other programs
 * leave them) with one table of data and the given ids. */
static void make_foreign_file(const char *path, int app_id, int user_version)
{
	sqlite3 *conn;
	char sql[256];

	assert_int_equal(sqlite3_open(path, &conn), SQLITE_OK);
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
	         "INSERT INTO notes(body) VALUES('keep me');"
	         "PRAGMA application_id = %d; PRAGMA user_version = %d;",
	         app_id, user_version);
	assert_int_equal(sqlite3_exec(conn, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(conn), SQLITE_OK);
}

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
	assert_int_equal(sqlite3_prepare_v2(db.conn, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
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
			 "INSERT INTO visit(path, rank, last) VALUES(CAST('/visited/%d' AS BLOB), 1, %d)", i, i);
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

/* Schema 1 histories, written before the sum of ranks was kept or while
 * triggers kept it, come to schema 2 when opened: the sum as of the last
 * seq, no trigger left. */
static void should_bring_a_schema_1_history_to_the_current_one(void **state)
{
	static const char *const kept[] = {
	    "",
	    "CREATE TABLE visit_total(one INTEGER PRIMARY KEY CHECK (one = 1), total REAL NOT NULL);"
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
			 "INSERT INTO visit VALUES(CAST('/a' AS BLOB), 3, 1, 1), (CAST('/b' AS BLOB), 4.5, 2, 2);"
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
		assert_int_equal(pragma(db.conn, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), 0);
		db_close(&db);
	}
}

static void should_refuse_newer_schema_and_leave_file_untouched(void **state)
{
	const char *path = in_dir(state, "mcd.db");

	make_foreign_file(path, MCD_APPLICATION_ID, db_schema_version() + 1);
	assert_refused_untouched_as(path, DB_NEWER);
}

/* A newer mcd's history, met by an older binary still in PATH: refused with
 * a message, never moved aside (that would hide it at every cd). */
static void should_leave_a_newer_history_in_place(void **state)
{
	struct fixture *f = *state;
	const char *file = in_dir(state, "mcd.db");
	struct buf before = BUF_INIT, after = BUF_INIT, said = BUF_INIT;
	struct db db;
	DIR *d;
	struct dirent *e;
	int others = 0;

	setenv("MCD_DATA_DIR", f->dir, 1);
	make_foreign_file(file, MCD_APPLICATION_ID, db_schema_version() + 1);
	slurp(file, &before);
	assert_int_equal(open_default_saying(&db, &said), -1);
	/* one line that says why */
	assert_int_equal(strncmp(said.data, "mcd: ", 5), 0);
	assert_non_null(strstr(said.data, "newer"));
	assert_ptr_equal(strchr(said.data, '\n'), said.data + said.len - 1);
	slurp(file, &after);
	assert_true(before.len == after.len && !memcmp(before.data, after.data, before.len));
	assert_non_null(d = opendir(f->dir));
	while ((e = readdir(d)))
		others += strncmp(e->d_name, "mcd.db.corrupt", 14) == 0;
	closedir(d);
	assert_int_equal(others, 0);
	buf_release(&before);
	buf_release(&after);
	buf_release(&said);
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

static void assert_data_dir(const char *want)
{
	struct buf out = BUF_INIT;

	assert_int_equal(db_data_dir(&out), 0);
	assert_string_equal(out.data, want);
	buf_release(&out);
}

static void should_prefer_mcd_data_dir(void **state)
{
	setenv("MCD_DATA_DIR", "/data/mcd-here", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/data/mcd-here");
	setenv("MCD_DATA_DIR", "/data/trailing//", 1);
	assert_data_dir("/data/trailing");
}

static void should_use_xdg_data_home_without_mcd_data_dir(void **state)
{
	unsetenv("MCD_DATA_DIR");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/xdg/mcd");
	/* empty counts as unset, as tests/run and many dotfiles leave them */
	setenv("MCD_DATA_DIR", "", 1);
	assert_data_dir("/xdg/mcd");
}

static void should_ignore_relative_xdg_data_home(void **state)
{
	unsetenv("MCD_DATA_DIR");
	setenv("XDG_DATA_HOME", "relative/share", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/home/u/.local/share/mcd");
}

static void should_fall_back_to_home_local_share(void **state)
{
	unsetenv("MCD_DATA_DIR");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/home/u/.local/share/mcd");
	setenv("XDG_DATA_HOME", "", 1);
	assert_data_dir("/home/u/.local/share/mcd");
}

static void should_refuse_relative_mcd_data_dir(void **state)
{
	struct buf out = BUF_INIT;

	setenv("MCD_DATA_DIR", "data/mcd", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(db_data_dir(&out), -1);
	buf_release(&out);
}

static void should_refuse_without_any_data_folder(void **state)
{
	struct buf out = BUF_INIT;

	unsetenv("MCD_DATA_DIR");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(db_data_dir(&out), -1);
	buf_release(&out);
}

static void assert_mode(const char *path, mode_t want)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, want);
}

static void should_create_private_data_folder_and_file(void **state)
{
	const char *parent = in_dir(state, "share"), *dir = in_dir(state, "share/mcd"),
	           *file = in_dir(state, "share/mcd/mcd.db");
	mode_t old = umask(077); /* as main() does */
	struct db db;
	int rc;

	setenv("MCD_DATA_DIR", dir, 1);
	rc = db_open_default(&db);
	umask(old);
	assert_int_equal(rc, 0);
	assert_string_equal(db.path, file);
	assert_current_schema(db.conn);
	db_close(&db);
	assert_mode(parent, 0700);
	assert_mode(dir, 0700);
	assert_mode(file, 0600);
}

static void should_open_default_in_existing_folder(void **state)
{
	struct fixture *f = *state;
	const char *file = in_dir(state, "mcd.db");
	struct db db;

	setenv("MCD_DATA_DIR", f->dir, 1);
	assert_int_equal(db_open_default(&db), 0);
	assert_string_equal(db.path, file);
	db_close(&db);
	assert_true(exists(file));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_create_schema_in_memory),
	    T(should_create_schema_in_new_file),
	    T(should_use_wal_journal_for_files),
	    T(should_use_rollback_journal_on_network_filesystems),
	    T(should_keep_data_when_reopening),
	    T(should_keep_the_wal_small_across_many_writers),
	    T(should_bring_a_schema_1_history_to_the_current_one),
	    T(should_refuse_newer_schema_and_leave_file_untouched),
	    T(should_leave_a_newer_history_in_place),
	    T(should_refuse_foreign_database),
	    T(should_refuse_foreign_database_without_user_version),
	    T(should_close_zeroed_db_safely),
	    T(should_prefer_mcd_data_dir),
	    T(should_use_xdg_data_home_without_mcd_data_dir),
	    T(should_ignore_relative_xdg_data_home),
	    T(should_fall_back_to_home_local_share),
	    T(should_refuse_relative_mcd_data_dir),
	    T(should_refuse_without_any_data_folder),
	    T(should_create_private_data_folder_and_file),
	    T(should_open_default_in_existing_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
