/* test_view.c - the view a query reads instead of the database: written
 * after every write, trusted only while it says what the database holds
 * (src/view.c, and db_open_view() in src/dbfile.c) */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cand.h"
#include "db.h"
#include "dbutil.h"
#include "history.h"
#include "prefilter.h"
#include "roots.h"
#include "util.h"
#include "view.h"

#define NOW 1700000000

/* The data folder of the test, as MCD_DATA_DIR; the database's path. */
static const char *use_data_dir(void **state)
{
	struct fixture *f = *state;

	setenv("MCD_DATA_DIR", f->dir, 1);
	return in_dir(state, "mcd.db");
}

static const char *view_path(void **state)
{
	return in_dir(state, "mcd.db" VIEW_SUFFIX);
}

/* Record visits to the N PATHS at NOW, in a process of its own making. */
static void visit(const char *const *paths, int n, int64_t now)
{
	struct db db;

	assert_int_equal(db_open_default(&db), 0);
	assert_int_equal(history_add(&db, paths, n, now), 0);
	db_close(&db);
}

/* The history as a query reads it from DB, one "path rank" per line. */
static void history_of(struct db *db, struct buf *out)
{
	struct cand_set set;
	size_t i;

	cand_set_init(&set, NULL);
	assert_int_equal(cand_load_history(&set, db, NOW), 0);
	buf_setlen(out, 0);
	for (i = 0; i < set.n; i++)
		buf_addf(out, "%s %.2f\n", cand_path(&set, &set.v[i]), set.v[i].frecency);
	cand_set_release(&set);
}

static void should_write_the_view_after_each_write(void **state)
{
	const char *paths[] = {"/r/b", "/r/a", "/r/a"};
	const char *file = use_data_dir(state);
	struct view v;
	struct view_visit row;

	visit(paths, 3, NOW);
	assert_int_equal(view_open(&v, file), 1);
	assert_int_equal(v.nvisit, 2);
	view_visit_at(&v, 0, &row); /* in path order */
	assert_int_equal(row.len, 4);
	assert_memory_equal(row.path, "/r/a", 4);
	assert_true(row.rank == 2.0);
	view_visit_at(&v, 1, &row);
	assert_memory_equal(row.path, "/r/b", 4);
	assert_true(row.rank == 1.0);
	view_close(&v);
	visit(paths, 1, NOW + 1); /* the next write replaces it */
	assert_int_equal(view_open(&v, file), 1);
	view_visit_at(&v, 1, &row);
	assert_true(row.rank == 2.0);
	assert_int_equal(row.last, NOW + 1);
	view_close(&v);
}

static void should_read_what_the_database_holds_without_opening_it(void **state)
{
	const char *paths[] = {"/r/b", "/r/a", "/r/a", "/s/c d", "/r"};
	struct buf from_view = BUF_INIT, from_db = BUF_INIT;
	struct db db;

	use_data_dir(state);
	visit(paths, 5, NOW - 100);
	assert_int_equal(db_open_view(&db, 0), 0);
	assert_non_null(db_view(&db));
	assert_null(db.conn);
	history_of(&db, &from_view);
	assert_int_equal(db_connect(&db), 0); /* what a write would do */
	assert_null(db_view(&db));
	history_of(&db, &from_db);
	db_close(&db);
	assert_string_equal(from_view.data, from_db.data);
	assert_string_equal(from_view.data, "/r 4.00\n/r/a 8.00\n/r/b 4.00\n/s/c d 4.00\n");
	buf_release(&from_view);
	buf_release(&from_db);
}

/* Another program (an older mcd, the sqlite3 shell) writes the database
 * without writing the view: the view no longer counts. */
static void should_not_trust_a_view_the_database_changed_since(void **state)
{
	const char *paths[] = {"/r/a"};
	const char *file = use_data_dir(state);
	struct buf seen = BUF_INIT;
	struct view v;
	sqlite3 *conn;
	struct db db;

	visit(paths, 1, NOW);
	assert_int_equal(sqlite3_open(file, &conn), SQLITE_OK);
	assert_int_equal(sqlite3_exec(conn, "UPDATE visit SET rank = 7", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(view_open(&v, file), 0);
	sqlite3_close(conn);
	assert_int_equal(view_open(&v, file), 0);
	/* the query reads the database, and writes the view anew */
	assert_int_equal(db_open_view(&db, 0), 0);
	assert_null(db_view(&db));
	history_of(&db, &seen);
	assert_string_equal(seen.data, "/r/a 28.00\n");
	db_close(&db);
	assert_int_equal(view_open(&v, file), 1);
	view_close(&v);
	buf_release(&seen);
}

static void should_not_trust_a_damaged_view(void **state)
{
	const char *paths[] = {"/r/a", "/r/bb"};
	const char *file = use_data_dir(state), *vp = view_path(state);
	struct buf data = BUF_INIT;
	struct view v;
	size_t i;

	visit(paths, 2, NOW);
	slurp(vp, &data);
	assert_true(data.len > 16);
	for (i = 8; i < data.len; i += data.len / 7) {
		int fd = open(vp, O_WRONLY);
		char c = (char)(data.data[i] ^ 0x20);
		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, &c, 1, (off_t)i), 1);
		close(fd);
		assert_int_equal(view_open(&v, file), 0); /* one byte changed */
		fd = open(vp, O_WRONLY);
		assert_int_equal(pwrite(fd, data.data + i, 1, (off_t)i), 1);
		close(fd);
		assert_int_equal(view_open(&v, file), 1);
		view_close(&v);
	}
	assert_int_equal(truncate(vp, (off_t)data.len - 1), 0);
	assert_int_equal(view_open(&v, file), 0);
	assert_int_equal(truncate(vp, 0), 0);
	assert_int_equal(view_open(&v, file), 0);
	buf_release(&data);
}

static void should_not_trust_a_view_others_could_write(void **state)
{
	const char *paths[] = {"/r/a"};
	const char *file = use_data_dir(state), *vp = view_path(state);
	struct view v;

	visit(paths, 1, NOW);
	assert_int_equal(chmod(vp, 0620), 0);
	assert_int_equal(view_open(&v, file), 0);
	assert_int_equal(chmod(vp, 0600), 0);
	assert_int_equal(view_open(&v, file), 1);
	view_close(&v);
}

/* A view left beside a database replaced since (moved aside and made
 * anew) says nothing about the new one. */
static void should_not_trust_the_view_of_another_file(void **state)
{
	const char *paths[] = {"/r/a"};
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *kept = in_dir(state, "kept-view");
	struct view v;
	struct db db;

	visit(paths, 1, NOW);
	assert_int_equal(rename(vp, kept), 0);
	assert_int_equal(unlink(file), 0);
	unlink(in_dir(state, "mcd.db-wal"));
	unlink(in_dir(state, "mcd.db-shm"));
	assert_int_equal(db_open_default(&db), 0);
	db_close(&db);
	assert_int_equal(rename(kept, vp), 0);
	assert_int_equal(view_open(&v, file), 0);
}

static void should_find_repositories_in_the_view(void **state)
{
	struct fixture *f = *state;
	const char *repo = in_dir(state, "repo"), *link = in_dir(state, "link");
	struct buf canon = BUF_INIT;
	struct db db;

	use_data_dir(state);
	assert_int_equal(mkdir(repo, 0700), 0);
	assert_int_equal(symlink(repo, link), 0);
	assert_int_equal(db_open_default(&db), 0);
	assert_int_equal(db_exec(&db, "INSERT INTO repo(path, indexed_at, ndirs, dev, ino)"
	                              " VALUES(CAST('/no/such' AS BLOB), 1, 1, 0, 0)"),
	                 0);
	db_close(&db);
	{ /* the checkout's row, with its inode, as an index stores it */
		struct stat st;
		char sql[512];
		assert_int_equal(stat(repo, &st), 0);
		snprintf(sql, sizeof(sql),
		         "INSERT INTO repo(path, indexed_at, ndirs, dev, ino)"
		         " VALUES(CAST('%s' AS BLOB), 1, 1, %lld, %lld)",
		         repo, (long long)st.st_dev, (long long)st.st_ino);
		assert_int_equal(db_open_default(&db), 0);
		assert_int_equal(db_exec(&db, sql), 0);
		db_close(&db);
	}
	assert_int_equal(db_open_view(&db, 0), 0);
	assert_non_null(db_view(&db));
	assert_int_equal(roots_resolve(&db, repo, &canon), 1);
	assert_string_equal(canon.data, repo);
	/* a checkout entered through a symlink: the same repository */
	assert_int_equal(roots_resolve(&db, link, &canon), 1);
	assert_string_equal(canon.data, repo);
	assert_int_equal(roots_resolve(&db, f->dir, &canon), 0);
	assert_string_equal(canon.data, f->dir);
	assert_non_null(db_view(&db)); /* all read from the view */
	db_close(&db);
	buf_release(&canon);
}

/* On a network filesystem file times are cached: no view is kept. */
static void should_keep_no_view_with_a_rollback_journal(void **state)
{
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *paths[] = {"/r/a"};
	struct stat st;
	struct db db;

	visit(paths, 1, NOW);
	assert_int_equal(stat(vp, &st), 0);
	assert_int_equal(db_open_journal(&db, file, DB_ROLLBACK), 0);
	assert_int_equal(history_add(&db, paths, 1, NOW), 0);
	db_close(&db);
	assert_int_equal(stat(vp, &st), -1);
}

/* How many files of the data folder of the test are the view's. */
static int view_files(void **state)
{
	struct fixture *f = *state;
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strncmp(e->d_name, "mcd.db" VIEW_SUFFIX, strlen("mcd.db" VIEW_SUFFIX)) == 0;
	closedir(d);
	return n;
}

/* Does a reader take the view of FILE? */
static int view_open_ok(const char *file)
{
	struct view v;
	int ok = view_open(&v, file);

	view_close(&v);
	return ok;
}

/* The visits of the view of FILE, one "path rank last seq" per line,
 * and the same from the database itself. Each row of the view, from its
 * body or a delta, carries the mask of its path's last component. */
static void view_rows(const char *file, struct buf *out)
{
	struct view v;
	struct view_visit row;
	size_t i;

	buf_setlen(out, 0);
	assert_int_equal(view_open(&v, file), 1);
	for (i = 0; i < v.nvisit; i++) {
		const char *slash;
		view_visit_at(&v, i, &row);
		slash = memrchr(row.path, '/', row.len);
		assert_true(slash != NULL);
		assert_true(row.mask ==
		            prefilter_mask(slash + 1, row.len - (size_t)(slash + 1 - row.path), 0));
		buf_addf(out, "%.*s %g %lld %lld\n", (int)row.len, row.path, row.rank,
		         (long long)row.last, (long long)row.seq);
	}
	view_close(&v);
}

static void database_rows(const char *file, struct buf *out)
{
	sqlite3 *conn;
	sqlite3_stmt *st;

	buf_setlen(out, 0);
	assert_int_equal(sqlite3_open_v2(file, &conn, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(conn,
	                                    "SELECT path, rank, last, seq FROM visit ORDER BY path",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_addf(out, "%.*s %g %lld %lld\n", sqlite3_column_bytes(st, 0),
		         (const char *)sqlite3_column_blob(st, 0), sqlite3_column_double(st, 1),
		         (long long)sqlite3_column_int64(st, 2),
		         (long long)sqlite3_column_int64(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(conn);
}

/* A visit puts its rows into the view it finds (rather than reading the
 * whole history again): new paths in their place, known ones updated,
 * the same path twice once; and when it ages the history, every row. */
static void should_patch_a_visit_into_the_view_as_the_database_holds_it(void **state)
{
	const char *file = use_data_dir(state);
	const char *first[] = {"/r/m", "/r/c d", "/r/x", "/r/m/n"};
	const char *then[] = {"/r/a", "/r/m", "/r/m-1", "/r/m", "/r/zz", "/r/m/n/o"};
	struct buf a = BUF_INIT, b = BUF_INIT;
	char **many;
	size_t i;

	visit(first, 4, NOW);
	visit(then, 6, NOW + 10);
	view_rows(file, &a);
	database_rows(file, &b);
	assert_string_equal(a.data, b.data);
	assert_non_null(strstr(a.data, "/r/m 3 1700000010 "));
	assert_non_null(strstr(a.data, "/r/m-1 1 1700000010 "));
	assert_int_equal(view_files(state), 1);
	/* past the total of ranks aging keeps: all scaled, the least gone */
	many = xcalloc(10001, sizeof(*many));
	for (i = 0; i < 10001; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/r/many/%zu", i);
		many[i] = xstrdup(p);
	}
	visit((const char *const *)many, 10001, NOW + 20);
	view_rows(file, &a);
	database_rows(file, &b);
	assert_string_equal(a.data, b.data);
	assert_null(strstr(a.data, "/r/many/"));
	assert_non_null(strstr(a.data, "/r/m 2.69")); /* 3 x 0.9 x 10000 / 10012 */
	for (i = 0; i < 10001; i++)
		free(many[i]);
	free(many);
	buf_release(&a);
	buf_release(&b);
}

/* The view of FILE written whole, as a query that found none writes it;
 * its size. */
static off_t whole_view_size(const char *file, const char *vp)
{
	struct db db;
	struct stat st;

	assert_int_equal(unlink(vp), 0);
	assert_int_equal(db_open_view(&db, 0), 0);
	db_close(&db);
	assert_int_equal(stat(vp, &st), 0);
	assert_int_equal(view_open_ok(file), 1);
	return st.st_size;
}

/* Visit after visit, each appended to the view as a delta: new paths in
 * the middle and at both ends, old ones again, and the view says what the
 * database holds after every one. The file is the same one, grown, until
 * it holds VIEW_DELTAS_MAX deltas; the next visit writes it anew with
 * them folded in, as small as a view written whole. */
static void should_keep_patching_visit_after_visit(void **state)
{
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *order[] = {"/r/m", "/r/c",   "/r/x", "/r/m",  "/r/a", "/r/zz",
	                       "/r/c", "/r/m/n", "/r/b", "/r/zz", "/r/m"};
	const size_t norder = sizeof(order) / sizeof(*order);
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct stat first, before, after;
	struct view v;
	size_t i;
	off_t folded;

	for (i = 0; i < 2 + VIEW_DELTAS_MAX; i++) {
		if (i)
			assert_int_equal(stat(vp, &before), 0);
		visit(&order[i % norder], 1, NOW + (int64_t)i);
		view_rows(file, &a);
		database_rows(file, &b);
		assert_string_equal(a.data, b.data);
		assert_int_equal(stat(vp, &after), 0);
		if (i == 0)
			first = after; /* no view yet: written whole */
		else if (i <= VIEW_DELTAS_MAX) {
			assert_int_equal(after.st_ino, first.st_ino); /* grown in place */
			assert_true(after.st_size > before.st_size);
			assert_int_equal(view_open(&v, file), 1);
			assert_int_equal(v.ndelta, i);
			view_close(&v);
		}
	}
	/* the fold: a new file, no delta, the size of one written whole */
	assert_true(after.st_ino != first.st_ino);
	assert_int_equal(view_open(&v, file), 1);
	assert_int_equal(v.ndelta, 0);
	view_close(&v);
	folded = after.st_size;
	assert_int_equal(whole_view_size(file, vp), folded);
	assert_non_null(strstr(a.data, "/r/m 10 "));
	assert_int_equal(view_files(state), 1);
	buf_release(&a);
	buf_release(&b);
}

/* A visit killed while appending its delta leaves part of it: readers
 * stop before it and read the database (the stamps miss), and the next
 * visit writes the view anew. */
static void should_not_trust_a_torn_delta(void **state)
{
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *one[] = {"/r/a"}, *two[] = {"/r/b"};
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct stat whole, grown, again;
	off_t cut;

	visit(one, 1, NOW);
	assert_int_equal(stat(vp, &whole), 0);
	visit(two, 1, NOW + 1);
	assert_int_equal(stat(vp, &grown), 0);
	assert_int_equal(view_open_ok(file), 1);
	for (cut = grown.st_size - 1; cut > whole.st_size; cut -= 13) {
		assert_int_equal(truncate(vp, cut), 0);
		assert_int_equal(view_open_ok(file), 0);
	}
	visit(two, 1, NOW + 2);
	assert_int_equal(stat(vp, &again), 0);
	assert_true(again.st_ino != whole.st_ino);
	view_rows(file, &a);
	database_rows(file, &b);
	assert_string_equal(a.data, b.data);
	assert_non_null(strstr(a.data, "/r/b 2 "));
	buf_release(&a);
	buf_release(&b);
}

/* Each delta is summed from the one before it: deltas in another order,
 * or one left out, are not taken. */
static void should_not_take_deltas_out_of_their_order(void **state)
{
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *paths[] = {"/r/a", "/r/b", "/r/c"};
	struct buf data = BUF_INIT, swapped = BUF_INIT;
	struct stat whole, one;
	size_t body, first, i;
	int fd;

	visit(&paths[0], 1, NOW);
	assert_int_equal(stat(vp, &whole), 0);
	visit(&paths[1], 1, NOW + 1);
	assert_int_equal(stat(vp, &one), 0);
	visit(&paths[2], 1, NOW + 2);
	assert_int_equal(view_open_ok(file), 1);
	slurp(vp, &data);
	body = (size_t)whole.st_size;
	first = (size_t)one.st_size - body;
	assert_int_equal(data.len - body - first, first); /* "/r/b" and "/r/c": one size */
	buf_add(&swapped, data.data, body);
	buf_add(&swapped, data.data + body + first, first);
	buf_add(&swapped, data.data + body, first);
	for (i = 0; i < 2; i++) {
		/* swapped, then the first left out */
		fd = open(vp, O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, swapped.data, swapped.len - i * first),
		                 (ssize_t)(swapped.len - i * first));
		close(fd);
		assert_int_equal(view_open_ok(file), 0);
	}
	buf_release(&data);
	buf_release(&swapped);
}

/* Another process records a visit after this one's and writes the view
 * first: this one's patch would lose that visit, so it reads everything. */
static void should_read_everything_when_another_wrote_in_between(void **state)
{
	const char *file = use_data_dir(state);
	const char *mine[] = {"/r/mine"}, *theirs[] = {"/r/theirs"}, *before[] = {"/r/old"};
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct db db;

	visit(before, 1, NOW);
	assert_int_equal(db_open_default(&db), 0);
	assert_int_equal(history_add(&db, mine, 1, NOW + 1), 0);
	visit(theirs, 1, NOW + 2); /* opens, writes, closes: its own view */
	db_close(&db);             /* and then this one's */
	view_rows(file, &a);
	database_rows(file, &b);
	assert_string_equal(a.data, b.data);
	assert_non_null(strstr(a.data, "/r/theirs "));
	assert_non_null(strstr(a.data, "/r/mine "));
	/* nor when the same connection wrote more after the visit */
	assert_int_equal(db_open_default(&db), 0);
	assert_int_equal(history_add(&db, mine, 1, NOW + 3), 0);
	assert_int_equal(
	    sqlite3_exec(db.conn, "UPDATE visit SET rank = 5 WHERE path = CAST('/r/old' AS BLOB)",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	db_close(&db);
	view_rows(file, &a);
	database_rows(file, &b);
	assert_string_equal(a.data, b.data);
	assert_non_null(strstr(a.data, "/r/old 5 "));
	buf_release(&a);
	buf_release(&b);
}

/* A writer killed half way leaves its file being written: the next
 * writer takes that name again, so kills never pile files up. */
static void should_reuse_what_a_killed_writer_left(void **state)
{
	const char *file = use_data_dir(state), *vp = view_path(state);
	const char *paths[] = {"/r/a"};
	struct buf tmp = BUF_INIT;
	struct view v;
	struct stat st;
	FILE *f;

	buf_addf(&tmp, "%s" VIEW_TMP_SUFFIX, vp);
	f = fopen(tmp.data, "w");
	assert_non_null(f);
	fputs("half a view", f);
	fclose(f);
	visit(paths, 1, NOW);
	visit(paths, 1, NOW + 1);
	assert_int_equal(stat(tmp.data, &st), -1);
	assert_int_equal(view_files(state), 1);
	assert_int_equal(view_open(&v, file), 1);
	assert_int_equal(v.nvisit, 1);
	view_close(&v);
	buf_release(&tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(should_write_the_view_after_each_write, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_read_what_the_database_holds_without_opening_it,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_not_trust_a_view_the_database_changed_since,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_not_trust_a_damaged_view, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_not_trust_a_view_others_could_write, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_not_trust_the_view_of_another_file, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_find_repositories_in_the_view, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_reuse_what_a_killed_writer_left, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        should_patch_a_visit_into_the_view_as_the_database_holds_it, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_keep_patching_visit_after_visit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_not_trust_a_torn_delta, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_not_take_deltas_out_of_their_order, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_read_everything_when_another_wrote_in_between,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_keep_no_view_with_a_rollback_journal, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
