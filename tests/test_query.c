/* test_query.c - the query pipeline: one freshness policy for the jump,
 * the completion and the picker (src/query.c, DESIGN §3) */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "index.h"
#include "query.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */

static const enum query_mode modes[] = {QUERY_JUMP, QUERY_COMPLETE, QUERY_PICKER};

struct fixture {
	struct db db;
	char dir[64];   /* the temporary folder: repo/, data/, elsewhere/ */
	char root[128]; /* dir/repo, a repository */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char data[128];

	strcpy(f->dir, "/tmp/mcd-test-query-XXXXXX");
	if (!mkdtemp(f->dir) || db_open(&f->db, ":memory:") < 0)
		return -1;
	snprintf(f->root, sizeof(f->root), "%s/repo", f->dir);
	snprintf(data, sizeof(data), "%s/data", f->dir);
	setenv("MCD_DATA_DIR", data, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(&f->db);
	rm_rf_at(AT_FDCWD, f->dir);
	unsetenv("MCD_DATA_DIR");
	free(f);
	return 0;
}

/* Make F->dir/REL and its parents. */
static void mkdirs(struct fixture *f, const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (p = path + strlen(f->dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	mkdir(path, 0700);
}

static void visit(struct fixture *f, const char *rel)
{
	char path[512];
	const char *paths[1] = {path};

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	assert_int_equal(history_add(&f->db, paths, 1, NOW), 0);
}

/* The best existing match for the one keyword KW from F->dir/CWD in MODE,
 * relative to F->dir ("" for none), into OUT (room for 512). */
static void best(struct fixture *f, enum query_mode mode, const char *cwd, const char *kw,
                 char *out)
{
	char where[512], *kws[1] = {(char *)kw};
	struct rank_query q;
	struct query qy;
	const char *abs;

	snprintf(where, sizeof(where), "%s/%s", f->dir, cwd);
	rank_query_init(&q, kws, 1);
	query_open(&qy, mode, &f->db, where, NOW);
	assert_int_equal(query_find(&qy, &q, 1), 0);
	out[0] = '\0';
	if (query_next(&qy, &abs))
		snprintf(out, 512, "%s", abs + strlen(f->dir) + 1);
	assert_false(qy.failed);
	query_close(&qy);
	rank_query_release(&q);
}

static void should_index_a_repository_on_first_use_in_every_mode(void **state)
{
	struct fixture *f = *state;
	char got[512];
	size_t m;

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/services/billing");
	for (m = 0; m < MCD_ARRAY_SIZE(modes); m++) {
		assert_int_equal(snapshot_remove(f->root), 0);
		db_exec(&f->db, "DELETE FROM repo");
		assert_int_equal(index_lookup(&f->db, f->root, NULL), 0);
		best(f, modes[m], "repo", "billing", got);
		assert_string_equal(got, "repo/services/billing");
		assert_true(index_lookup(&f->db, f->root, NULL) > 0);
	}
}

/* A folder made after the index is found: the miss refreshes it. */
static void should_refresh_on_a_miss_in_every_mode(void **state)
{
	struct fixture *f = *state;
	char got[512], name[32];
	size_t m;

	mkdirs(f, "repo/.git");
	assert_true(index_repo(&f->db, f->root, NOW - 100, NULL) > 0);
	for (m = 0; m < MCD_ARRAY_SIZE(modes); m++) {
		snprintf(name, sizeof(name), "repo/made/zzfresh%zu", m);
		mkdirs(f, name);
		best(f, modes[m], "repo", name + strlen("repo/made/"), got);
		assert_string_equal(got, name);
	}
}

/* The picker ranks every keystroke over candidates loaded once; a miss
 * still refreshes them, once. */
static void should_refresh_the_picker_s_candidates_once_on_a_miss(void **state)
{
	struct fixture *f = *state;
	char *kw[1];
	struct rank_query q;
	struct query qy;
	const char *abs;

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/libs/ui");
	assert_true(index_repo(&f->db, f->root, NOW - 100, NULL) > 0);
	query_open(&qy, QUERY_PICKER, &f->db, f->root, NOW);
	kw[0] = "ui";
	rank_query_init(&q, kw, 1);
	assert_int_equal(query_find(&qy, &q, 0), 0);
	assert_non_null(query_next(&qy, &abs));
	assert_false(qy.refreshed);
	rank_query_release(&q);

	mkdirs(f, "repo/libs/zznew");
	kw[0] = "zznew";
	rank_query_init(&q, kw, 1);
	assert_int_equal(query_find(&qy, &q, 0), 0);
	assert_non_null(query_next(&qy, &abs));
	assert_true(strstr(abs, "/repo/libs/zznew") != NULL);
	assert_true(qy.refreshed);
	rank_query_release(&q);

	/* made after the refresh: not found, and not refreshed again */
	mkdirs(f, "repo/libs/zzlater");
	kw[0] = "zzlater";
	rank_query_init(&q, kw, 1);
	assert_int_equal(query_find(&qy, &q, 0), 0);
	assert_null(query_next(&qy, &abs));
	rank_query_release(&q);
	query_close(&qy);
}

/* The best match deleted since the index: the index is refreshed and the
 * next one answers; a deleted folder is never returned. */
static void should_never_return_a_deleted_folder(void **state)
{
	struct fixture *f = *state;
	char got[512], path[512];

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/cart");
	mkdirs(f, "repo/deep/cart");
	assert_true(index_repo(&f->db, f->root, NOW - 100, NULL) > 0);
	snprintf(path, sizeof(path), "%s/repo/cart", f->dir);
	assert_int_equal(rmdir(path), 0);
	best(f, QUERY_JUMP, "repo", "cart", got);
	assert_string_equal(got, "repo/deep/cart");
}

/* Nothing in the repository matches: history from everywhere answers. */
static void should_answer_from_history_when_nothing_here_matches(void **state)
{
	struct fixture *f = *state;
	char got[512];
	size_t m;

	mkdirs(f, "repo/.git");
	mkdirs(f, "elsewhere/grpc");
	visit(f, "elsewhere/grpc");
	for (m = 0; m < MCD_ARRAY_SIZE(modes); m++) {
		best(f, modes[m], "repo", "grpc", got);
		assert_string_equal(got, "elsewhere/grpc");
	}
	/* outside every repository: history only, nothing indexed */
	best(f, QUERY_JUMP, "elsewhere", "grpc", got);
	assert_string_equal(got, "elsewhere/grpc");
}

/* Without a database (a TAB before any), nothing is offered, nothing fails. */
static void should_offer_nothing_without_a_database(void **state)
{
	struct fixture *f = *state;
	char *kw[1] = {"billing"};
	struct rank_query q;
	struct query qy;

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/billing");
	rank_query_init(&q, kw, 1);
	query_open(&qy, QUERY_COMPLETE, NULL, f->root, NOW);
	assert_int_equal(query_find(&qy, &q, 1), 0);
	assert_null(query_next(&qy, NULL));
	assert_false(qy.failed);
	query_close(&qy);
	rank_query_release(&q);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_index_a_repository_on_first_use_in_every_mode),
	    T(should_refresh_on_a_miss_in_every_mode),
	    T(should_refresh_the_picker_s_candidates_once_on_a_miss),
	    T(should_never_return_a_deleted_folder),
	    T(should_answer_from_history_when_nothing_here_matches),
	    T(should_offer_nothing_without_a_database),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
