/* dbutil.h - what the database tests share (test_db.c, the connection;
 * test_dbfile.c, the file and its folder): a temp folder per test, the
 * current schema asserted, other programs' SQLite files */
#ifndef MCD_DBUTIL_H
#define MCD_DBUTIL_H

#include "testutil.h"

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

static inline int setup(void **state)
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

static inline int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static inline int teardown(void **state)
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
static inline const char *in_dir(void **state, const char *name)
{
	struct fixture *f = *state;

	assert_true(f->npaths < MCD_ARRAY_SIZE(f->paths));
	return f->paths[f->npaths++] = path_join(f->dir, name);
}

static inline int pragma(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *st;
	int v;

	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static inline int has_table(sqlite3 *conn, const char *name)
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

static inline void assert_current_schema(sqlite3 *conn)
{
	assert_int_equal(pragma(conn, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(pragma(conn, "PRAGMA application_id"), MCD_APPLICATION_ID);
	assert_true(has_table(conn, "visit"));
	assert_true(has_table(conn, "visit_total"));
	assert_true(has_table(conn, "repo"));
	assert_true(has_table(conn, "import_taken"));
	assert_false(has_table(conn, "dir")); /* folders live in snapshot files */
}

/* The whole content of PATH, into B. */
static inline void slurp(const char *path, struct buf *b)
{
	buf_setlen(b, 0);
	assert_int_equal(read_file_at(AT_FDCWD, path, 1 << 24, b), 0);
}

static inline int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Create a plain SQLite file at PATH (rollback journal, as other programs
 * leave them) with one table of data and the given ids. */
static inline void make_foreign_file(const char *path, int app_id, int user_version)
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

#endif
