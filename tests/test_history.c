/* test_history.c - visits, aging and frecency (src/history.c) */
#include "testutil.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "history.h"
#include "roots.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */
#define HOUR ((int64_t)60 * 60)
#define DAY (24 * HOUR)
#define WEEK (7 * DAY)

/* Each test gets its own in-memory database as its state. */
static int setup(void **state)
{
	struct db *db = xcalloc(1, sizeof(*db));

	if (db_open(db, ":memory:") < 0) {
		free(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	free(*state);
	return 0;
}

/* Scores are products of doubles; equal up to rounding. */
static void assert_near(double want, double got)
{
	double d = want - got;

	if (want == got || (d < 1e-9 && d > -1e-9))
		return;
	fail_msg("got %.12f, want %.12f", got, want);
}

/* The visit row of PATH (LEN bytes): 1 and its rank and last, or 0. */
static int visit_len(struct db *db, const char *path, size_t len, double *rank, int64_t *last)
{
	sqlite3_stmt *st;
	int found;

	assert_int_equal(sqlite3_prepare_v2(db->conn,
	                                    "SELECT rank, last FROM visit WHERE path = ?1", -1, &st,
	                                    NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)len, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		if (rank)
			*rank = sqlite3_column_double(st, 0);
		if (last)
			*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return found;
}

static int visit(struct db *db, const char *path, double *rank, int64_t *last)
{
	return visit_len(db, path, strlen(path), rank, last);
}

static double rank_of(struct db *db, const char *path)
{
	double rank = 0;

	if (!visit(db, path, &rank, NULL))
		fail_msg("no visit recorded for '%s'", path);
	return rank;
}

static int count_visits(struct db *db)
{
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_prepare_v2(db->conn, "SELECT count(*) FROM visit", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Insert a visit row directly, as an older history would hold it. */
static void put_visit(struct db *db, const char *path, double rank, int64_t last)
{
	sqlite3_stmt *st;

	assert_int_equal(
	    sqlite3_prepare_v2(db->conn, "INSERT INTO visit(path, rank, last) VALUES(?1, ?2, ?3)",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)strlen(path), SQLITE_STATIC);
	sqlite3_bind_double(st, 2, rank);
	sqlite3_bind_int64(st, 3, last);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	/* written behind history_add()'s back: the kept sum, as a merge would */
	assert_int_equal(history_retotal(db), 0);
}

static int add1(struct db *db, const char *path, int64_t now)
{
	const char *paths[] = {path};
	return history_add(db, paths, 1, now);
}

static void should_weigh_visits_within_an_hour_four_times(void **state)
{
	assert_near(4 * 3.0, history_frecency(3, NOW, NOW));
	assert_near(4 * 3.0, history_frecency(3, NOW - HOUR + 1, NOW));
}

static void should_weigh_visits_within_a_day_twice(void **state)
{
	assert_near(2 * 3.0, history_frecency(3, NOW - HOUR, NOW));
	assert_near(2 * 3.0, history_frecency(3, NOW - DAY + 1, NOW));
}

static void should_weigh_visits_within_a_week_half(void **state)
{
	assert_near(0.5 * 3.0, history_frecency(3, NOW - DAY, NOW));
	assert_near(0.5 * 3.0, history_frecency(3, NOW - WEEK + 1, NOW));
}

static void should_weigh_older_visits_a_quarter(void **state)
{
	assert_near(0.25 * 3.0, history_frecency(3, NOW - WEEK, NOW));
	assert_near(0.25 * 3.0, history_frecency(3, 0, NOW));
}

static void should_count_future_visits_as_now(void **state)
{
	assert_near(4 * 3.0, history_frecency(3, NOW + 1, NOW));
	assert_near(4 * 3.0, history_frecency(3, NOW + WEEK, NOW));
}

static void should_prefer_recent_over_old_for_same_rank(void **state)
{
	assert_true(history_frecency(10, NOW - 2 * HOUR, NOW) >
	            history_frecency(10, NOW - 2 * DAY, NOW));
	assert_true(history_frecency(10, NOW - 2 * DAY, NOW) >
	            history_frecency(10, NOW - 2 * WEEK, NOW));
}

static void should_record_first_visit_with_rank_one_and_time(void **state)
{
	struct db *db = *state;
	double rank;
	int64_t last;

	assert_int_equal(add1(db, "/r/acme/services", NOW), 0);
	assert_true(visit(db, "/r/acme/services", &rank, &last));
	assert_near(1, rank);
	assert_int_equal(last, NOW);
	assert_int_equal(count_visits(db), 1);
}

static void should_add_one_per_visit_and_stamp_latest_time(void **state)
{
	struct db *db = *state;
	double rank;
	int64_t last;

	assert_int_equal(add1(db, "/r/a", NOW), 0);
	assert_int_equal(add1(db, "/r/a", NOW + 10), 0);
	assert_int_equal(add1(db, "/r/a", NOW + 20), 0);
	assert_true(visit(db, "/r/a", &rank, &last));
	assert_near(3, rank);
	assert_int_equal(last, NOW + 20);
	assert_int_equal(count_visits(db), 1);
}

static void should_not_move_last_visit_back_when_clock_goes_back(void **state)
{
	struct db *db = *state;
	double rank;
	int64_t last;

	assert_int_equal(add1(db, "/r/a", NOW), 0);
	assert_int_equal(add1(db, "/r/a", NOW - DAY), 0);
	assert_true(visit(db, "/r/a", &rank, &last));
	assert_near(2, rank);
	assert_int_equal(last, NOW);
}

static void should_record_several_paths_in_one_call(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/a", "/r/b", "/r/a"};

	assert_int_equal(history_add(db, paths, 3, NOW), 0);
	assert_int_equal(count_visits(db), 2);
	assert_near(2, rank_of(db, "/r/a"));
	assert_near(1, rank_of(db, "/r/b"));
}

static void should_record_nothing_for_no_paths(void **state)
{
	struct db *db = *state;

	assert_int_equal(history_add(db, NULL, 0, NOW), 0);
	assert_int_equal(count_visits(db), 0);
}

static void should_not_age_at_exactly_the_limit(void **state)
{
	struct db *db = *state;

	put_visit(db, "/big", HISTORY_MAX_TOTAL - 2, NOW);
	put_visit(db, "/one", 1, NOW);
	assert_int_equal(add1(db, "/new", NOW), 0); /* total is now exactly the limit */
	assert_near(HISTORY_MAX_TOTAL - 2, rank_of(db, "/big"));
	assert_near(1, rank_of(db, "/one"));
	assert_near(1, rank_of(db, "/new"));
}

static void should_scale_all_ranks_down_when_total_passes_limit(void **state)
{
	struct db *db = *state;
	double total = HISTORY_MAX_TOTAL + 1, f = HISTORY_AGE_FACTOR * HISTORY_MAX_TOTAL / total;
	double sum;

	put_visit(db, "/big", HISTORY_MAX_TOTAL - 1000, NOW - WEEK);
	put_visit(db, "/mid", 998, NOW);
	put_visit(db, "/two", 2, NOW);
	assert_int_equal(add1(db, "/two", NOW), 0); /* total passes the limit by one */

	assert_near((HISTORY_MAX_TOTAL - 1000) * f, rank_of(db, "/big"));
	assert_near(998 * f, rank_of(db, "/mid"));
	assert_near(3 * f, rank_of(db, "/two"));
	sum = rank_of(db, "/big") + rank_of(db, "/mid") + rank_of(db, "/two");
	assert_near(HISTORY_AGE_FACTOR * HISTORY_MAX_TOTAL, sum);
}

static void should_forget_entries_that_fall_under_one_visit(void **state)
{
	struct db *db = *state;
	double f = HISTORY_AGE_FACTOR * HISTORY_MAX_TOTAL / (HISTORY_MAX_TOTAL + 1);

	put_visit(db, "/big", HISTORY_MAX_TOTAL - 3, NOW);
	put_visit(db, "/once", 1, NOW);
	put_visit(db, "/twice", 2, NOW - WEEK);
	assert_int_equal(add1(db, "/big", NOW), 0); /* total passes the limit by one */

	assert_false(visit(db, "/once", NULL, NULL));
	assert_near(2 * f, rank_of(db, "/twice"));
	assert_near((HISTORY_MAX_TOTAL - 2) * f, rank_of(db, "/big"));
	assert_int_equal(count_visits(db), 2);
}

static void should_keep_last_visit_times_when_aging(void **state)
{
	struct db *db = *state;
	int64_t last;

	put_visit(db, "/old", HISTORY_MAX_TOTAL, NOW - WEEK);
	assert_int_equal(add1(db, "/new", NOW), 0);
	assert_true(visit(db, "/old", NULL, &last));
	assert_int_equal(last, NOW - WEEK);
	/* "/new" had rank 1: aging scaled it under 1 and forgot it */
	assert_false(visit(db, "/new", NULL, NULL));
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

/* The aging check reads a kept sum instead of every row, as of a seq, and
 * adds the seqs taken since: that must equal the sum of the ranks after
 * every kind of write. */
static void should_keep_the_sum_of_ranks_through_every_write(void **state)
{
	struct db *db = *state;
	const char *add[] = {"/r/a", "/r/b", "/r/c", "/r/a"};
	const char *rm[] = {"/r/b"};
	const char *merge[] = {"/r/c", "/r/d"};
	const double ranks[] = {2.5, 40};
	const int64_t lasts[] = {NOW, NOW};
	const char
	    *kept =
	        "SELECT total + (SELECT coalesce(max(seq), 0) FROM visit) - seq FROM visit_total",
	    *sum = "SELECT total(rank) FROM visit";

	assert_near(0, sql_double(db, kept));
	assert_int_equal(history_add(db, add, 4, NOW), 0);
	assert_near(4, sql_double(db, kept));
	assert_int_equal(history_remove(db, rm, 1), 1);
	assert_near(sql_double(db, sum), sql_double(db, kept));
	assert_int_equal(history_merge(db, NULL, NULL, merge, ranks, lasts, 2, NULL), 0);
	assert_near(sql_double(db, sum), sql_double(db, kept));
	/* a repository forgotten with its history (no index file to remove) */
	assert_int_equal(add1(db, "/q/x", NOW), 0);
	assert_int_equal(add1(db, "/q/x", NOW), 0);
	assert_int_equal(add1(db, "/r/c", NOW), 0); /* not the latest, then */
	setenv("MCD_DATA_DIR", "/nonexistent/mcd-test", 1);
	assert_int_equal(roots_forget(db, "/q"), 1);
	unsetenv("MCD_DATA_DIR");
	assert_near(sql_double(db, sum), sql_double(db, kept));
	put_visit(db, "/big", HISTORY_MAX_TOTAL, NOW);
	assert_int_equal(add1(db, "/r/a", NOW), 0); /* ages everything */
	assert_true(sql_double(db, sum) <= HISTORY_MAX_TOTAL);
	assert_near(sql_double(db, sum), sql_double(db, kept));
}

static void should_remove_paths_and_count_them(void **state)
{
	struct db *db = *state;
	const char *add[] = {"/r/a", "/r/b", "/r/c"};
	const char *rm[] = {"/r/a", "/r/missing", "/r/c", "/r/a"};

	assert_int_equal(history_add(db, add, 3, NOW), 0);
	assert_int_equal(history_remove(db, rm, 4), 2);
	assert_false(visit(db, "/r/a", NULL, NULL));
	assert_false(visit(db, "/r/c", NULL, NULL));
	assert_near(1, rank_of(db, "/r/b"));
	assert_int_equal(count_visits(db), 1);
}

static void should_remove_nothing_for_unknown_path(void **state)
{
	struct db *db = *state;
	const char *rm[] = {"/nowhere"};

	assert_int_equal(add1(db, "/r/a", NOW), 0);
	assert_int_equal(history_remove(db, rm, 1), 0);
	assert_int_equal(count_visits(db), 1);
}

static void should_remove_exact_path_not_children(void **state)
{
	struct db *db = *state;
	const char *add[] = {"/r/a", "/r/a/b", "/r/ab"};
	const char *rm[] = {"/r/a"};

	assert_int_equal(history_add(db, add, 3, NOW), 0);
	assert_int_equal(history_remove(db, rm, 1), 1);
	assert_true(visit(db, "/r/a/b", NULL, NULL));
	assert_true(visit(db, "/r/ab", NULL, NULL));
}

static void should_store_unusual_paths_byte_exact(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/new\nline", "/r/bad\xff\xfe utf8", "/r/with space/and\ttab",
	                       "/r/caf\xc3\xa9"};
	const char *rm[] = {"/r/new\nline"};
	sqlite3_stmt *st;
	size_t i;
	int n = 0;

	assert_int_equal(history_add(db, paths, 4, NOW), 0);
	for (i = 0; i < 4; i++)
		assert_true(visit(db, paths[i], NULL, NULL));
	/* read them back as the bytes they are, as blobs */
	assert_int_equal(
	    sqlite3_prepare_v2(db->conn, "SELECT path, typeof(path) FROM visit", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		int found = 0;

		assert_string_equal((const char *)sqlite3_column_text(st, 1), "blob");
		for (i = 0; i < 4; i++)
			found |= len == strlen(paths[i]) && memcmp(p, paths[i], len) == 0;
		assert_true(found);
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 4);
	/* a path is not matched by its prefix up to the odd byte */
	assert_false(visit(db, "/r/new", NULL, NULL));
	assert_int_equal(history_remove(db, rm, 1), 1);
	assert_false(visit(db, "/r/new\nline", NULL, NULL));
	assert_int_equal(count_visits(db), 3);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

static int64_t seq_of(struct db *db, const char *path)
{
	sqlite3_stmt *st;
	int64_t seq = -1;

	assert_int_equal(
	    sqlite3_prepare_v2(db->conn, "SELECT seq FROM visit WHERE path = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)strlen(path), SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return seq;
}

static void should_order_visits_by_sequence_not_clock(void **state)
{
	struct db *db = *state;
	const char *a[] = {"/r/a"}, *b[] = {"/r/b"};

	assert_int_equal(history_add(db, a, 1, NOW), 0);
	/* the clock went back, but /r/b was still visited after /r/a */
	assert_int_equal(history_add(db, b, 1, NOW - HOUR), 0);
	assert_true(seq_of(db, "/r/b") > seq_of(db, "/r/a"));
	/* a new visit moves a directory to the front again */
	assert_int_equal(history_add(db, a, 1, NOW), 0);
	assert_true(seq_of(db, "/r/a") > seq_of(db, "/r/b"));
}

static void should_call_recent_only_what_was_visited_minutes_ago(void **state)
{
	assert_int_equal(history_recent(NOW, 42, NOW), 42);
	assert_int_equal(history_recent(NOW - HISTORY_RECENT_SECONDS + 1, 42, NOW), 42);
	assert_int_equal(history_recent(NOW - HISTORY_RECENT_SECONDS, 42, NOW), 0);
	assert_int_equal(history_recent(NOW - DAY, 42, NOW), 0);
	assert_int_equal(history_recent(NOW + HOUR, 42, NOW), 42); /* clock skew */
}

/* ---- merging another jumper's history -------------------------------------- */

/* Merge the N entries PATHS/RANKS/LASTS from SOURCE; returns the stats. */
static struct history_merge_stats merge(struct db *db, const char *source, const char **paths,
                                        const double *ranks, const int64_t *lasts, size_t n)
{
	struct history_merge_stats st;

	assert_int_equal(history_merge(db, source, NULL, paths, ranks, lasts, n, &st), 0);
	return st;
}

static void should_leave_history_as_one_import_did_when_the_source_comes_again(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/a", "/r/b"};
	const double ranks[] = {3, 11};
	const int64_t lasts[] = {NOW - DAY, NOW};
	const int64_t later[] = {NOW + HOUR, NOW + HOUR}; /* zoxide's and autojump's: now */
	struct history_merge_stats st;
	int64_t last;

	st = merge(db, "autojump:/h/autojump.txt", paths, ranks, lasts, 2);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.unchanged, 0);
	st = merge(db, "autojump:/h/autojump.txt", paths, ranks, later, 2);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.unchanged, 2);
	assert_near(3, rank_of(db, "/r/a"));
	assert_near(11, rank_of(db, "/r/b"));
	assert_true(visit(db, "/r/a", NULL, &last));
	assert_int_equal(last, NOW - DAY); /* not even dated again */
}

static void should_add_only_what_a_source_gained_since_its_last_import(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/a", "/r/b"};
	const double before[] = {3, 11}, after[] = {5, 10}, again[] = {12, 10};
	const int64_t lasts[] = {NOW, NOW};

	merge(db, "z:/h/.z", paths, before, lasts, 2);
	/* /r/a was visited twice since; /r/b aged in z, as z does */
	assert_int_equal(merge(db, "z:/h/.z", paths, after, lasts, 2).added, 1);
	assert_near(5, rank_of(db, "/r/a"));
	assert_near(11, rank_of(db, "/r/b"));
	/* gains count from what the source gave last */
	merge(db, "z:/h/.z", paths, again, lasts, 2);
	assert_near(12, rank_of(db, "/r/a"));
	assert_near(11, rank_of(db, "/r/b"));
}

static void should_keep_a_removed_directory_removed_when_its_source_comes_again(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/a"}, *rm[] = {"/r/a"};
	const double ranks[] = {3};
	const int64_t lasts[] = {NOW};

	merge(db, "fasd:/h/.fasd", paths, ranks, lasts, 1);
	assert_int_equal(history_remove(db, rm, 1), 1);
	merge(db, "fasd:/h/.fasd", paths, ranks, lasts, 1);
	assert_false(visit(db, "/r/a", NULL, NULL));
}

static void should_add_up_the_visits_of_different_sources(void **state)
{
	struct db *db = *state;
	const char *paths[] = {"/r/a"}, *add[] = {"/r/a"};
	const double ranks[] = {3};
	const int64_t lasts[] = {NOW};

	assert_int_equal(history_add(db, add, 1, NOW), 0); /* mcd's own visit */
	merge(db, "mcd:/h/laptop.tsv", paths, ranks, lasts, 1);
	merge(db, "mcd:/h/desktop.tsv", paths, ranks, lasts, 1);
	merge(db, "zoxide", paths, ranks, lasts, 1);
	assert_near(10, rank_of(db, "/r/a"));
	merge(db, NULL, paths, ranks, lasts, 1); /* no source: always added */
	merge(db, NULL, paths, ranks, lasts, 1);
	assert_near(16, rank_of(db, "/r/a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_order_visits_by_sequence_not_clock),
	    cmocka_unit_test(should_call_recent_only_what_was_visited_minutes_ago),
	    T(should_weigh_visits_within_an_hour_four_times),
	    T(should_weigh_visits_within_a_day_twice),
	    T(should_weigh_visits_within_a_week_half),
	    T(should_weigh_older_visits_a_quarter),
	    T(should_count_future_visits_as_now),
	    T(should_prefer_recent_over_old_for_same_rank),
	    T(should_record_first_visit_with_rank_one_and_time),
	    T(should_add_one_per_visit_and_stamp_latest_time),
	    T(should_not_move_last_visit_back_when_clock_goes_back),
	    T(should_record_several_paths_in_one_call),
	    T(should_record_nothing_for_no_paths),
	    T(should_not_age_at_exactly_the_limit),
	    T(should_scale_all_ranks_down_when_total_passes_limit),
	    T(should_forget_entries_that_fall_under_one_visit),
	    T(should_keep_last_visit_times_when_aging),
	    T(should_keep_the_sum_of_ranks_through_every_write),
	    T(should_remove_paths_and_count_them),
	    T(should_remove_nothing_for_unknown_path),
	    T(should_remove_exact_path_not_children),
	    T(should_store_unusual_paths_byte_exact),
	    T(should_leave_history_as_one_import_did_when_the_source_comes_again),
	    T(should_add_only_what_a_source_gained_since_its_last_import),
	    T(should_keep_a_removed_directory_removed_when_its_source_comes_again),
	    T(should_add_up_the_visits_of_different_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
