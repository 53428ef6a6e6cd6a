/* test_roots.c - one checkout, one root: finding, merging and forgetting the
 * repositories of the repo table (src/roots.c) */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>

#include "db.h"
#include "history.h"
#include "index.h"
#include "roots.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */

/* Each test gets an in-memory database and a temp folder (a physical
 * path) holding the checkout acme, with a symbolic link to it, link, and
 * a data folder for the index files. */
struct fixture {
	char dir[256];
	char acme[300], link[300], data[300];
	struct db db;
	char *old_data, *old_home;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/mcd-test-roots-XXXXXX", *real, sub[400];

	assert_non_null(mkdtemp(tmpl));
	real = realpath(tmpl, NULL);
	assert_non_null(real);
	snprintf(f->dir, sizeof(f->dir), "%s", real);
	free(real);
	snprintf(f->acme, sizeof(f->acme), "%s/acme", f->dir);
	snprintf(f->link, sizeof(f->link), "%s/link", f->dir);
	snprintf(f->data, sizeof(f->data), "%s/data", f->dir);
	assert_return_code(mkdir(f->acme, 0755), errno);
	snprintf(sub, sizeof(sub), "%s/.git", f->acme);
	assert_return_code(mkdir(sub, 0755), errno);
	snprintf(sub, sizeof(sub), "%s/services", f->acme);
	assert_return_code(mkdir(sub, 0755), errno);
	snprintf(sub, sizeof(sub), "%s/services/billing", f->acme);
	assert_return_code(mkdir(sub, 0755), errno);
	assert_return_code(symlink(f->acme, f->link), errno);
	assert_return_code(mkdir(f->data, 0700), errno);
	f->old_data = save_env("MCD_DATA_DIR");
	f->old_home = save_env("HOME");
	setenv("MCD_DATA_DIR", f->data, 1);
	setenv("HOME", f->dir, 1);
	assert_int_equal(db_open(&f->db, ":memory:"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(&f->db);
	restore_env("MCD_DATA_DIR", f->old_data);
	restore_env("HOME", f->old_home);
	rm_rf_at(AT_FDCWD, f->dir);
	free(f);
	return 0;
}

static void exec_sql(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* A repo row for ROOT as mcd before schema 4 wrote it: no device, no
 * inode. */
static void put_old_root(struct db *db, const char *root, int64_t id)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db->conn,
	                                    "INSERT INTO repo(id, path, indexed_at, ndirs)"
	                                    " VALUES(?1, ?2, 1, 3)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, root, (int)strlen(root), SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* A visit row: ROOT + SUFFIX, RANK visits, the last at LAST, order SEQ. */
static void put_visit(struct db *db, const char *root, const char *suffix, double rank,
                      int64_t last, int64_t seq)
{
	char *path = xmalloc(strlen(root) + strlen(suffix) + 1);
	sqlite3_stmt *st;

	strcpy(path, root);
	strcat(path, suffix);
	assert_int_equal(sqlite3_prepare_v2(db->conn,
	                                    "INSERT INTO visit(path, rank, last, seq)"
	                                    " VALUES(?1, ?2, ?3, ?4)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)strlen(path), SQLITE_TRANSIENT);
	sqlite3_bind_double(st, 2, rank);
	sqlite3_bind_int64(st, 3, last);
	sqlite3_bind_int64(st, 4, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(path);
}

static double sql_double(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	double v;

	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The visit row of ROOT + SUFFIX: 1 and its rank and last, or 0. */
static int visit_of(struct db *db, const char *root, const char *suffix, double *rank,
                    int64_t *last)
{
	char path[512];
	sqlite3_stmt *st;
	int found;

	snprintf(path, sizeof(path), "%s%s", root, suffix);
	assert_int_equal(sqlite3_prepare_v2(db->conn,
	                                    "SELECT rank, last FROM visit WHERE path = ?1", -1, &st,
	                                    NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)strlen(path), SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		*rank = sqlite3_column_double(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return found;
}

/* The paths of the repo table, joined by spaces, as a new string. */
static char *root_paths(struct db *db)
{
	struct buf out = BUF_INIT;
	struct roots r;
	size_t i;

	assert_int_equal(roots_load(db, &r), 0);
	for (i = 0; i < r.n; i++)
		buf_addf(&out, "%s%s", i ? " " : "", r.v[i].path);
	roots_release(&r);
	return out.data ? out.data : xstrdup("");
}

/* ---- one checkout, one root ----------------------------------------------------- */

static void should_find_the_indexed_root_by_any_path_that_leads_there(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;
	char dir[400];

	assert_true(index_repo(&f->db, f->acme, NOW, NULL) > 0);
	assert_int_equal(roots_resolve(&f->db, f->link, &out), 1);
	assert_string_equal(out.data, f->acme);
	assert_int_equal(roots_resolve(&f->db, f->acme, &out), 1);
	assert_string_equal(out.data, f->acme);
	/* a visit through the link is a visit of the checkout's folder */
	snprintf(dir, sizeof(dir), "%s/services/billing", f->link);
	assert_int_equal(roots_spell(&f->db, dir, &out), 0);
	snprintf(dir, sizeof(dir), "%s/services/billing", f->acme);
	assert_string_equal(out.data, dir);
	/* outside any repository a path is kept as it is */
	assert_int_equal(roots_spell(&f->db, f->data, &out), 0);
	assert_string_equal(out.data, f->data);
	buf_release(&out);
}

static void should_keep_a_new_checkout_under_the_path_it_was_reached_by(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;
	char *paths;

	assert_int_equal(roots_resolve(&f->db, f->link, &out), 0);
	assert_string_equal(out.data, f->link);
	assert_true(index_repo(&f->db, f->link, NOW, NULL) > 0);
	/* then the real path is the same repository */
	assert_int_equal(roots_resolve(&f->db, f->acme, &out), 1);
	assert_string_equal(out.data, f->link);
	assert_true(index_repo(&f->db, out.data, NOW, NULL) > 0);
	paths = root_paths(&f->db);
	assert_string_equal(paths, f->link);
	free(paths);
	buf_release(&out);
}

/* A deleted checkout's inode may be another directory's now: a row is
 * the checkout only while its path still leads to that directory. */
static void should_not_take_a_row_whose_path_leads_elsewhere_now(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT, sql = BUF_INIT;
	struct stat st;

	assert_return_code(stat(f->acme, &st), errno);
	buf_addf(
	    &sql,
	    "INSERT INTO repo(path, indexed_at, ndirs, dev, ino) VALUES(CAST('%s' AS BLOB), 1, "
	    "1, %lld, %lld)",
	    f->data, (long long)st.st_dev, (long long)st.st_ino);
	exec_sql(&f->db, sql.data);
	assert_int_equal(roots_resolve(&f->db, f->link, &out), 0);
	assert_string_equal(out.data, f->link);
	buf_release(&out);
	buf_release(&sql);
}

/* Two rows recorded for one checkout by an older mcd (no device, no
 * inode) become one, the history of both spellings in it: the visits of a
 * folder recorded under both add up, the later last visit and order kept,
 * and no visit is lost. */
static void should_merge_two_roots_of_one_checkout_history_included(void **state)
{
	struct fixture *f = *state;
	double before, rank;
	int64_t last;
	char *paths, sql[512];

	put_old_root(&f->db, f->acme, 1);
	put_old_root(&f->db, f->link, 2);
	put_visit(&f->db, f->acme, "/services", 3, NOW - 100, 1);
	put_visit(&f->db, f->link, "/services", 2, NOW - 50, 5);
	put_visit(&f->db, f->link, "/services/billing", 4, NOW - 10, 6);
	put_visit(&f->db, f->link, "", 1, NOW - 200, 2);
	put_visit(&f->db, f->dir, "/linked", 7, NOW, 7); /* a sibling of link: not in it */
	exec_sql(&f->db, "UPDATE visit_total SET total = (SELECT total(rank) FROM visit)");
	before = sql_double(&f->db, "SELECT total(rank) FROM visit");

	assert_int_equal(roots_merge_aliases(&f->db, f->acme), 1);
	paths = root_paths(&f->db);
	assert_string_equal(paths, f->acme);
	free(paths);
	assert_true(visit_of(&f->db, f->acme, "/services", &rank, &last));
	assert_true(rank == 5 && last == NOW - 50);
	assert_true(visit_of(&f->db, f->acme, "/services/billing", &rank, &last));
	assert_true(rank == 4 && last == NOW - 10);
	assert_true(visit_of(&f->db, f->acme, "", &rank, &last));
	assert_true(rank == 1 && last == NOW - 200);
	assert_true(visit_of(&f->db, f->dir, "/linked", &rank, &last));
	assert_false(visit_of(&f->db, f->link, "/services", &rank, &last));
	assert_true(sql_double(&f->db, "SELECT total(rank) FROM visit") == before);
	assert_true(sql_double(&f->db, "SELECT total FROM visit_total") == before);
	snprintf(sql, sizeof(sql), "SELECT seq FROM visit WHERE path = CAST('%s/services' AS BLOB)",
	         f->acme);
	assert_true(sql_double(&f->db, sql) == 5); /* visited last through the link */
	/* merged once: nothing more to merge */
	assert_int_equal(roots_merge_aliases(&f->db, f->acme), 0);
}

/* The next index of either path merges them; so does listing them, into
 * the first recorded. */
static void should_merge_rows_of_one_checkout_when_indexed_or_listed(void **state)
{
	struct fixture *f = *state;
	char *paths;

	put_old_root(&f->db, f->link, 1);
	put_old_root(&f->db, f->acme, 2);
	assert_int_equal(roots_unify(&f->db), 1);
	paths = root_paths(&f->db);
	assert_string_equal(paths, f->link); /* recorded first */
	free(paths);

	put_old_root(&f->db, f->acme, 3);
	assert_true(index_repo(&f->db, f->acme, NOW, NULL) > 0);
	paths = root_paths(&f->db);
	assert_string_equal(paths, f->acme);
	free(paths);
}

/* Two checkouts are two roots, however alike. */
static void should_keep_two_checkouts_two_roots(void **state)
{
	struct fixture *f = *state;
	char other[400], git[420], *paths, want[900];

	snprintf(other, sizeof(other), "%s/acme2", f->dir);
	snprintf(git, sizeof(git), "%s/.git", other);
	assert_return_code(mkdir(other, 0755), errno);
	assert_return_code(mkdir(git, 0755), errno);
	put_old_root(&f->db, other, 1);
	assert_true(index_repo(&f->db, f->acme, NOW, NULL) > 0);
	assert_int_equal(roots_unify(&f->db), 0);
	paths = root_paths(&f->db);
	snprintf(want, sizeof(want), "%s %s", f->acme, other);
	assert_string_equal(paths, want);
	free(paths);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(should_find_the_indexed_root_by_any_path_that_leads_there),
	    T(should_keep_a_new_checkout_under_the_path_it_was_reached_by),
	    T(should_not_take_a_row_whose_path_leads_elsewhere_now),
	    T(should_merge_two_roots_of_one_checkout_history_included),
	    T(should_merge_rows_of_one_checkout_when_indexed_or_listed),
	    T(should_keep_two_checkouts_two_roots),
	};
	error_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
