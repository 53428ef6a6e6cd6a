/* test_query.c - the query pipeline: one freshness policy for the jump,
 * the completion and the picker (src/query.c, DESIGN §3) */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "index.h"
#include "query.h"
#include "snapshot.h"

#include <sys/file.h>

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

/* A folder made after the index is found although something else loosely
 * matches: a weak best match refreshes first. */
static void should_refresh_before_answering_with_a_weak_match(void **state)
{
	struct fixture *f = *state;
	char got[512];

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/services/session-store");
	assert_true(index_repo(&f->db, f->root, NOW - 100, NULL) > 0);
	best(f, QUERY_JUMP, "repo", "sse", got);
	assert_string_equal(got, "repo/services/session-store"); /* scattered letters */
	mkdirs(f, "repo/transport/sse");
	best(f, QUERY_JUMP, "repo", "sse", got);
	assert_string_equal(got, "repo/transport/sse");
}

/* A typo is no subsequence: the prefilter cannot pass it, so the folders
 * one edit away are loaded when nothing better matches. */
static void should_find_a_typo_the_prefilter_cannot_pass(void **state)
{
	struct fixture *f = *state;
	char got[512];
	size_t m;

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/pkg-manager/hoist");
	mkdirs(f, "repo/tools/ho-ws-list");
	assert_true(index_repo(&f->db, f->root, NOW, NULL) > 0);
	for (m = 0; m < MCD_ARRAY_SIZE(modes); m++) {
		best(f, modes[m], "repo", "hosit", got);
		assert_string_equal(got, "repo/pkg-manager/hoist");
	}
}

/* History elsewhere: a visited folder that matches as a name beats a
 * substring, typo or fuzzy match here, never a name here. */
static void should_prefer_a_name_visited_elsewhere_over_a_weak_match_here(void **state)
{
	struct fixture *f = *state;
	char got[512];

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/fixtures/gar-pack-registry"); /* g, r, p, c scattered */
	mkdirs(f, "kratos/.git");
	mkdirs(f, "kratos/transport/grpc");
	assert_true(index_repo(&f->db, f->root, NOW, NULL) > 0);
	visit(f, "kratos/transport/grpc");
	best(f, QUERY_JUMP, "repo", "grpc", got);
	assert_string_equal(got, "kratos/transport/grpc");
	best(f, QUERY_COMPLETE, "repo", "grpc", got);
	assert_string_equal(got, "kratos/transport/grpc");
	mkdirs(f, "repo/transport/grpc-web");
	best(f, QUERY_JUMP, "repo", "grpc", got);
	assert_string_equal(got, "repo/transport/grpc-web"); /* a prefix here */
}

/* A second checkout of the repository never beats a real match here. */
static void should_keep_a_second_checkout_behind_a_match_here(void **state)
{
	struct fixture *f = *state;
	char got[512];

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/services/billing");
	mkdirs(f, "repo2/.git");
	mkdirs(f, "repo2/services/billing");
	assert_true(index_repo(&f->db, f->root, NOW, NULL) > 0);
	visit(f, "repo2/services/billing");
	visit(f, "repo2/services/billing");
	best(f, QUERY_JUMP, "repo/services", "billing", got);
	assert_string_equal(got, "repo/services/billing");
}

/* The indexed_at of ROOT's snapshot, waiting up to SECONDS for it to be
 * other than OLD. */
static int64_t indexed_at_after(const char *root, int64_t old, int seconds)
{
	int64_t at = old;
	int i;

	for (i = 0; i < seconds * 20 && at == old; i++) {
		if (snapshot_peek(root, &at) != 1)
			at = old;
		if (at == old)
			usleep(50 * 1000);
	}
	return at;
}

/* After the answer, an index older than a minute is refreshed in a
 * process of its own, one at a time per repository. */
static void should_refresh_a_stale_index_in_the_background_once(void **state)
{
	struct fixture *f = *state;
	char *kw[1] = {"billing"}, lock[600];
	struct buf file = BUF_INIT;
	struct rank_query q;
	struct query qy;
	int fd;

	mkdirs(f, "repo/.git");
	mkdirs(f, "repo/services/billing");
	assert_true(index_repo(&f->db, f->root, NOW - 1000, NULL) > 0);
	assert_int_equal(snapshot_file(f->root, &file), 0);
	snprintf(lock, sizeof(lock), "%s.lock", file.data);
	rank_query_init(&q, kw, 1);

	/* another refresh of it holds the lock: none starts */
	fd = open(lock, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0 && flock(fd, LOCK_EX) == 0);
	query_open(&qy, QUERY_JUMP, &f->db, f->root, NOW);
	assert_int_equal(query_find(&qy, &q, 1), 0);
	assert_non_null(query_next(&qy, NULL));
	query_refresh_later(&qy);
	query_close(&qy);
	assert_true(indexed_at_after(f->root, NOW - 1000, 1) == NOW - 1000);
	close(fd);

	/* then one does, and the caller does not wait for it */
	query_open(&qy, QUERY_JUMP, &f->db, f->root, NOW);
	assert_int_equal(query_find(&qy, &q, 1), 0);
	query_refresh_later(&qy);
	query_close(&qy);
	assert_true(indexed_at_after(f->root, NOW - 1000, 10) != NOW - 1000);

	/* a fresh index is left alone */
	query_open(&qy, QUERY_JUMP, &f->db, f->root, NOW - 1000 + 30);
	assert_int_equal(query_find(&qy, &q, 1), 0);
	assert_false(qy.refreshed);
	query_close(&qy);
	rank_query_release(&q);
	buf_release(&file);
}

/* A tree of a few thousand folders of every kind a ranking weighs: words
 * joined by separators and in camelCase, projects with declared names,
 * test folders, projects inside projects, folders named like the
 * projects holding them. */
static void grow(struct fixture *f, unsigned seed, size_t n)
{
	static const char *const words[] = {
	    "src", "core",    "cart",   "service",  "ui",      "api",   "test",     "c",
	    "s",   "web",     "client", "server",   "common",  "utils", "config",   "docs",
	    "cmd", "scripts", "store",  "shared",   "spec",    "tests", "fixtures", "app",
	    "sdk", "ca",      "do",     "SocketIO", "storeKit"};
	enum { NW = sizeof(words) / sizeof(*words) };
	char rel[400], path[512];
	size_t i, len;

	for (i = 0; i < n; i++) {
		unsigned depth = 1 + (seed >> 8) % 6, d;
		len = (size_t)snprintf(rel, sizeof(rel), "repo");
		for (d = 0; d < depth; d++) {
			const char *a, *b;
			seed = seed * 1103515245u + 12345u;
			a = words[(seed >> 16) % NW];
			seed = seed * 1103515245u + 12345u;
			b = words[(seed >> 16) % NW];
			switch ((seed >> 8) % 5) {
			case 0:
				len += (size_t)snprintf(rel + len, sizeof(rel) - len, "/%s", a);
				break;
			case 1:
				len +=
				    (size_t)snprintf(rel + len, sizeof(rel) - len, "/%s-%s", a, b);
				break;
			case 2:
				len +=
				    (size_t)snprintf(rel + len, sizeof(rel) - len, "/%s%s", a, b);
				break;
			case 3:
				len +=
				    (size_t)snprintf(rel + len, sizeof(rel) - len, "/%s_%u", a, d);
				break;
			default:
				len +=
				    (size_t)snprintf(rel + len, sizeof(rel) - len, "/%s.%s", a, b);
				break;
			}
		}
		mkdirs(f, rel);
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 9 == 0) {
			/* a project, some with a name of their own */
			FILE *m;
			snprintf(path, sizeof(path), "%s/%s/package.json", f->dir, rel);
			m = fopen(path, "w");
			assert_non_null(m);
			if ((seed >> 20) % 2)
				fprintf(m, "{\"name\": \"@acme/%s\"}\n", words[(seed >> 8) % NW]);
			else
				fputs("{}\n", m);
			fclose(m);
		}
	}
}

/* The first K existing matches for KW from F->dir/CWD in MODE, asking for
 * K (WANT) or for all, as one string; *BEST tells whether the loader of
 * the best few answered. */
static void first_k(struct fixture *f, enum query_mode mode, const char *cwd, const char *kw,
                    size_t k, size_t want, char *out, size_t size, int *best)
{
	char where[512], *kws[1] = {(char *)kw};
	struct rank_query q;
	struct query qy;
	const char *abs;
	size_t i, len = 0;

	snprintf(where, sizeof(where), "%s/%s", f->dir, cwd);
	rank_query_init(&q, kws, 1);
	query_open(&qy, mode, &f->db, where, NOW);
	assert_int_equal(query_find(&qy, &q, want), 0);
	*best = qy.best;
	out[0] = '\0';
	for (i = 0; i < k && query_next(&qy, &abs); i++)
		len += (size_t)snprintf(out + len, size - len, "%s\n", abs + strlen(f->dir));
	assert_false(qy.failed);
	query_close(&qy);
	rank_query_release(&q);
}

/* A keyword of a letter or two matches a third of a large repository: the
 * best few are found among the strong matches that can be among them.
 * What the user gets is what ranking every match gives, from the root,
 * from deep folders, in projects and tests, with history. */
static void should_find_the_same_best_few_as_ranking_all(void **state)
{
	static const char *const kws[] = {"c",   "s",  "ca",   "do",   "t",   "u",
	                                  "sto", "ui", "core", "test", "app", "x"};
	static const size_t ks[] = {1, 3, 40};
	struct fixture *f = *state;
	char a[8192], b[8192], cwd[512];
	const char *cwds[6] = {"repo"};
	size_t ncwd = 1, i, j, l, lean = 0;
	int best;

	mkdirs(f, "repo/.git");
	grow(f, 7, 6000);
	/* matched by its declared name alone, not its path: visited, it
	   must come in though nothing in its path could match */
	mkdirs(f, "repo/qq/zz");
	{
		char path[512];
		FILE *m;
		snprintf(path, sizeof(path), "%s/repo/qq/zz/package.json", f->dir);
		assert_non_null(m = fopen(path, "w"));
		fputs("{\"name\": \"@acme/xcaxdoxsxtxux\"}\n", m);
		fclose(m);
	}
	/* a first query indexes; then some history, some places to stand */
	first_k(f, QUERY_JUMP, "repo", "c", 1, 1, a, sizeof(a), &best);
	for (i = 0; i < 40; i++)
		visit(f, "repo/qq/zz");
	for (i = 0; i < 6; i++) {
		char rel[512];
		size_t len;
		first_k(f, QUERY_JUMP, "repo", kws[i], 40, 0, a, sizeof(a), &best);
		/* the 5th match of each: visited, and some stood in */
		for (j = 0, len = 0; a[len] && j < 4 + i; len++)
			j += a[len] == '\n';
		snprintf(rel, sizeof(rel), "%.*s", (int)(strcspn(a + len, "\n")), a + len + 1);
		if (!rel[0])
			continue;
		visit(f, rel);
		/* and, often, the last of the 40, a weak match that frecency
		   lifts: it must come in, though it is no strong match */
		if ((len = strlen(a)) > 2) {
			const char *end = a + len - 1, *start = end;
			char last[512];
			while (start > a && start[-1] != '\n')
				start--;
			snprintf(last, sizeof(last), "%.*s", (int)(end - start - 1), start + 1);
			for (j = 0; last[0] && j < 3 * i; j++)
				visit(f, last);
		}
		if (i % 2 == 0 && ncwd < 6) {
			snprintf(cwd, sizeof(cwd), "%s", rel);
			cwds[ncwd++] = xstrdup(cwd);
		}
	}
	for (i = 0; i < ncwd; i++)
		for (j = 0; j < sizeof(kws) / sizeof(*kws); j++)
			for (l = 0; l < sizeof(ks) / sizeof(*ks); l++) {
				first_k(f, QUERY_COMPLETE, cwds[i], kws[j], ks[l], ks[l], a,
				        sizeof(a), &best);
				lean += best;
				first_k(f, QUERY_COMPLETE, cwds[i], kws[j], ks[l], 0, b, sizeof(b),
				        &best);
				assert_false(best);
				if (strcmp(a, b))
					fprintf(stderr, "from %s, %s, %zu: %s\nvs all: %s\n",
					        cwds[i], kws[j], ks[l], a, b);
				assert_string_equal(a, b);
			}
	/* and it answered most of them */
	assert_true(lean > ncwd * 12);
	for (i = 1; i < ncwd; i++)
		free((char *)cwds[i]);
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
	    T(should_refresh_before_answering_with_a_weak_match),
	    T(should_find_a_typo_the_prefilter_cannot_pass),
	    T(should_prefer_a_name_visited_elsewhere_over_a_weak_match_here),
	    T(should_keep_a_second_checkout_behind_a_match_here),
	    T(should_refresh_a_stale_index_in_the_background_once),
	    T(should_find_the_same_best_few_as_ranking_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
