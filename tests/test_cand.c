/* test_cand.c - the candidates of a query: the snapshot scan and the
 * history rows (src/cand.c) */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cand.h"
#include "db.h"
#include "history.h"
#include "rankutil.h"
#include "score.h"
#include "snapbuild.h"
#include "snapshot.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */
#define HOUR ((int64_t)60 * 60)
#define DAY (24 * HOUR)

/* Load the candidates of the repository at S->root for the NQ queries QS
 * (0: every folder) into S, as the query pipeline does: from its mapped
 * snapshot, then history. */
static int load_flags(struct cand_set *s, struct db *db, const struct rank_query *const *qs,
                      size_t nq, unsigned flags)
{
	struct snapshot snap;
	int r;

	if (snapshot_open_flags(&snap, s->root, NULL, 0) < 0)
		return -1;
	r = cand_load_repo(s, &snap, db, NOW, qs, nq, flags);
	snapshot_close(&snap);
	return r;
}

static int load_any(struct cand_set *s, struct db *db, const struct rank_query *const *qs,
                    size_t nq)
{
	return load_flags(s, db, qs, nq, 0);
}

/* The N matches of ALL (every folder loaded) and the M of SOME are the
 * same, in the same order; with SKIP_TYPOS, but for the typos among them:
 * the prefilter passes subsequences only, and the typos of a name are
 * loaded apart (CAND_LOAD_TYPOS) when nothing better matches. */
static void assert_same_ranking(const struct cand_set *all, size_t n, const struct cand_set *some,
                                size_t m, int skip_typos, const char *what, const char *kw)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (skip_typos && i < n && all->v[i].cls == MATCH_TYPO)
			i++;
		while (skip_typos && j < m && some->v[j].cls == MATCH_TYPO)
			j++;
		if (i == n || j == m)
			break;
		if (strcmp(cand_path(all, &all->v[i]), cand_path(some, &some->v[j])))
			fail_msg("%s '%s': '%s' with every folder, '%s' loaded", what, kw,
			         cand_path(all, &all->v[i]), cand_path(some, &some->v[j]));
		i++;
		j++;
	}
	if (i != n || j != m)
		fail_msg("%s '%s': %zu matches with every folder, %zu loaded", what, kw, n, m);
}

static int load_all(struct cand_set *s, struct db *db)
{
	return load_any(s, db, NULL, 0);
}

static int load_matching(struct cand_set *s, struct db *db, const struct rank_query *q)
{
	const struct rank_query *qs[1] = {q};
	return load_any(s, db, qs, 1);
}

/* The data folder of the database tests: snapshots are written there. */
static char data_dir[64];

static int setup_db(void **state)
{
	struct db *db = xcalloc(1, sizeof(*db));

	strcpy(data_dir, "/tmp/mcd-test-cand-XXXXXX");
	if (!mkdtemp(data_dir) || db_open(db, ":memory:") < 0) {
		free(db);
		return -1;
	}
	setenv("MCD_DATA_DIR", data_dir, 1);
	*state = db;
	return 0;
}

static int teardown_db(void **state)
{
	char cmd[128];

	db_close(*state);
	free(*state);
	unsetenv("MCD_DATA_DIR");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", data_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void sql(struct db *db, const char *text)
{
	assert_int_equal(db_exec(db, text), 0);
}

/* Write the snapshot of ROOT: the NUL-separated PATHS with their
 * declared NAMES ("" for none), in snapshot order. */
static void put_snapshot(const char *root, const char *const *paths, const char *const *names)
{
	struct snap_builder b;
	size_t i;

	snap_builder_init(&b);
	for (i = 0; paths[i]; i++)
		assert_int_equal(snap_builder_add(&b, paths[i], strlen(paths[i]), names[i],
		                                  strlen(names[i]), names[i][0] ? CAND_PROJECT : 0),
		                 0);
	assert_int_equal(snap_builder_write(&b, root, NULL, 0, 0), 0);
	snap_builder_release(&b);
}

/* The index of repository 1 at /r/acme: its root, services, services/billing
 * (a project named "billing-svc"); and an unrelated repository 2. */
static void fill_index(struct db *db)
{
	static const char *const acme[] = {"", "services", "services/billing", NULL};
	static const char *const acme_names[] = {"", "", "billing-svc"};
	static const char *const other[] = {"", "services/billing", NULL};
	static const char *const other_names[] = {"", ""};

	sql(db, "INSERT INTO repo(id, path, indexed_at, ndirs) VALUES"
	        "(1, CAST('/r/acme' AS BLOB), 0, 3), (2, CAST('/r/acme-other' AS BLOB), 0, 2)");
	put_snapshot("/r/acme", acme, acme_names);
	put_snapshot("/r/acme-other", other, other_names);
}

/* A visit of PATH with RANK at LAST, the SEQth: in the order of visits. */
static void put_visit_seq(struct db *db, const char *path, double rank, int64_t last, int64_t seq)
{
	sqlite3_stmt *st;

	assert_int_equal(
	    sqlite3_prepare_v2(db->conn,
	                       "INSERT INTO visit(path, rank, last, seq) VALUES(?1, ?2, "
	                       "?3, ?4)",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, path, (int)strlen(path), SQLITE_STATIC);
	sqlite3_bind_double(st, 2, rank);
	sqlite3_bind_int64(st, 3, last);
	sqlite3_bind_int64(st, 4, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void put_visit(struct db *db, const char *path, double rank, int64_t last)
{
	put_visit_seq(db, path, rank, last, 0);
}

static void should_load_index_of_one_repository(void **state)
{
	struct db *db = *state;
	struct cand_set s;
	struct cand *c;

	fill_index(db);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 3);
	find(&s, "");
	find(&s, "services");
	c = find(&s, "services/billing");
	assert_true(c->flags & CAND_PROJECT);
	assert_int_equal(c->namelen, strlen("billing-svc"));
	assert_memory_equal(s.arena.data + c->name, "billing-svc", c->namelen);
	assert_int_equal(c->frecency, 0);
	cand_set_release(&s);
}

static void should_attach_weighted_history_to_indexed_dirs(void **state)
{
	struct db *db = *state;
	struct cand_set s;

	fill_index(db);
	put_visit(db, "/r/acme/services/billing", 3, NOW - 10);
	put_visit(db, "/r/acme", 5, NOW - 2 * DAY);
	put_visit(db, "/elsewhere/services", 9, NOW);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 3);
	assert_true(find(&s, "services/billing")->frecency == history_frecency(3, NOW - 10, NOW));
	assert_true(find(&s, "")->frecency == history_frecency(5, NOW - 2 * DAY, NOW));
	assert_true(find(&s, "services")->frecency == 0);
	cand_set_release(&s);
}

static void should_add_visited_dirs_missing_from_index(void **state)
{
	struct db *db = *state;
	struct cand_set s;
	size_t n;

	fill_index(db);
	put_visit(db, "/r/acme/build/out", 2, NOW - 2 * HOUR);
	put_visit(db, "/r/acme/services/billing", 1, NOW);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 4);
	assert_true(find(&s, "build/out")->frecency == history_frecency(2, NOW - 2 * HOUR, NOW));
	n = query(&s, "out");
	ORDER(&s, n, "build/out");
	cand_set_release(&s);
}

static void should_not_attach_history_of_sibling_paths(void **state)
{
	struct db *db = *state;
	struct cand_set s;
	size_t i;

	fill_index(db);
	put_visit(db, "/r/acme-other", 4, NOW);
	put_visit(db, "/r/acme-other/services/billing", 4, NOW);
	put_visit(db, "/r/acme.old/services", 4, NOW);
	put_visit(db, "/r/acme0/services", 4, NOW);
	put_visit(db, "/r/acmex", 4, NOW);
	put_visit(db, "/r/acm", 4, NOW);
	put_visit(db, "/r", 4, NOW);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 3);
	for (i = 0; i < s.n; i++)
		assert_true(s.v[i].frecency == 0);
	cand_set_release(&s);
}

static void should_load_all_history_as_absolute_paths(void **state)
{
	struct db *db = *state;
	struct cand_set s;
	size_t n;

	put_visit(db, "/r/acme/services/billing", 1, NOW - 2 * DAY);
	put_visit(db, "/home/u/billing", 1, NOW - 10);
	put_visit(db, "/tmp/x", 1, NOW);
	cand_set_init(&s, NULL);
	assert_int_equal(cand_load_history(&s, db, NOW), 0);
	assert_int_equal(s.n, 3);
	assert_true(find(&s, "/r/acme/services/billing")->frecency ==
	            history_frecency(1, NOW - 2 * DAY, NOW));
	assert_true(find(&s, "/home/u/billing")->frecency == history_frecency(1, NOW - 10, NOW));
	n = query(&s, "billing");
	ORDER(&s, n, "/home/u/billing", "/r/acme/services/billing");
	n = query(&s, "acme billing");
	ORDER(&s, n, "/r/acme/services/billing");
	cand_set_release(&s);
}

static void should_load_history_paths_byte_exact(void **state)
{
	struct db *db = *state;
	const char *odd = "/r/acme/new\nline/caf\xff";
	struct cand_set s;
	struct buf abs = BUF_INIT;

	fill_index(db);
	put_visit(db, odd, 1, NOW);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 4);
	cand_abspath(&s, find(&s, "new\nline/caf\xff"), &abs);
	assert_int_equal(abs.len, strlen(odd));
	assert_memory_equal(abs.data, odd, abs.len);
	buf_release(&abs);
	cand_set_release(&s);
}

static void should_load_only_candidates_that_could_match(void **state)
{
	static const char *const paths[] = {"",
	                                    "libs",
	                                    "libs/billing-core",
	                                    "libs/ui",
	                                    "services",
	                                    "services/billing",
	                                    "services/payments",
	                                    NULL};
	static const char *const names[] = {"", "", "", "@acme/widgets", "", "", ""};
	char *kw[2] = {"bil", NULL};
	struct db *db = *state;
	struct rank_query q;
	struct cand_set all, some;
	size_t n, m, i;

	put_snapshot("/r/acme", paths, names);
	put_visit(db, "/r/acme/services/payments", 5, NOW); /* indexed, cannot match */
	put_visit(db, "/r/acme/build/billing", 2, NOW);     /* not indexed */
	rank_query_init(&q, kw, 1);
	cand_set_init(&all, "/r/acme");
	cand_set_init(&some, "/r/acme");
	assert_int_equal(load_all(&all, db), 0);
	assert_int_equal(load_matching(&some, db, &q), 0);
	assert_int_equal(all.n, 8);
	/* the root always, the two billing folders, the visited unindexed one */
	assert_int_equal(some.n, 4);
	n = rank_run(&q, &all);
	m = rank_run(&q, &some);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++)
		assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&some, &some.v[i]));
	rank_query_release(&q);

	/* a declared name answers the last keyword: the name route passes too */
	kw[0] = "widgets";
	rank_query_init(&q, kw, 1);
	cand_set_release(&some);
	cand_set_init(&some, "/r/acme");
	assert_int_equal(load_matching(&some, db, &q), 0);
	assert_non_null(find(&some, "libs/ui"));
	rank_query_release(&q);
	cand_set_release(&all);
	cand_set_release(&some);
}

static int snap_order(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return snapshot_cmp(x, strlen(x), y, strlen(y));
}

/* The prefilter (character mask, ordered pairs, subsequences) may only
 * skip folders that cannot match: on random trees and random queries the
 * ranked list is the same as with every folder loaded. */
static void should_rank_the_same_with_and_without_the_prefilter(void **state)
{
	static const char *const words[] = {"billing", "bil",    "ui",
	                                    "core",    "api",    "services",
	                                    "libs",    "pay-gw", "Payment_Gateway",
	                                    "web.app", "cart",   "cartservice",
	                                    "src",     "main",   "java",
	                                    "io",      "a",      "ab",
	                                    "ba",      "x y",    "::"};
	enum { NW = sizeof(words) / sizeof(words[0]), NP = 400 };
	char *paths[NP + 2], *names[NP + 2], kwbuf[3][64], *kw[3], longer[80];
	struct db *db = *state;
	uint32_t seed = 7;
	size_t np = 0, i, j, round, n, m, k;
	struct cand_set all, some;
	struct rank_query q;
	struct buf p = BUF_INIT;

	for (i = 0; i < NP; i++) {
		size_t depth = 1 + lcg(&seed) % 4;
		buf_setlen(&p, 0);
		for (j = 0; j < depth; j++) {
			if (j)
				buf_addch(&p, '/');
			buf_adds(&p, words[lcg(&seed) % NW]);
		}
		paths[np++] = xstrdup(p.data);
	}
	paths[np++] = xstrdup("");
	qsort(paths, np, sizeof(*paths), snap_order);
	for (i = j = 0; i < np; i++) /* unique, and every parent present is fine */
		if (j == 0 || strcmp(paths[j - 1], paths[i]) != 0)
			paths[j++] = paths[i];
		else
			free(paths[i]);
	np = j;
	paths[np] = NULL;
	for (i = 0; i < np; i++) {
		buf_setlen(&p, 0);
		if (i && lcg(&seed) % 5 == 0)
			buf_addf(&p, "@acme/%s-%s", words[lcg(&seed) % NW], words[lcg(&seed) % NW]);
		names[i] = xstrdup(p.len ? p.data : "");
	}
	put_snapshot("/r/acme", (const char *const *)paths, (const char *const *)names);

	for (round = 0; round < 300; round++) {
		size_t nkw = 1 + lcg(&seed) % 3;
		for (k = 0; k < nkw; k++) {
			const char *w = words[lcg(&seed) % NW];
			size_t len = 0;
			/* a random subsequence of a word, its case changed at random */
			for (j = 0; w[j] && len < sizeof(kwbuf[k]) - 8; j++)
				if (lcg(&seed) % 3)
					kwbuf[k][len++] =
					    lcg(&seed) % 4 ? w[j] : (char)(w[j] ^ 0x20);
			if (!len)
				kwbuf[k][len++] = w[0];
			if (lcg(&seed) % 6 == 0) /* a path-like last keyword */
				len += (size_t)sprintf(kwbuf[k] + len, "/%c",
				                       words[lcg(&seed) % NW][0]);
			kwbuf[k][len] = '\0';
			kw[k] = kwbuf[k];
		}
		rank_query_init(&q, kw, nkw);
		cand_set_init(&all, "/r/acme");
		cand_set_init(&some, "/r/acme");
		assert_int_equal(load_all(&all, db), 0);
		assert_int_equal(load_matching(&some, db, &q), 0);
		n = rank_run(&q, &all);
		m = rank_run(&q, &some);
		assert_same_ranking(&all, n, &some, m, 1, "query", kw[nkw - 1]);
		assert_true(some.n < all.n || n == all.n);
		/* the typos too, when they are loaded */
		{
			const struct rank_query *qs[1] = {&q};
			struct cand_set typos;
			cand_set_init(&typos, "/r/acme");
			assert_int_equal(load_flags(&typos, db, qs, 1, CAND_LOAD_TYPOS), 0);
			n = rank_run(&q, &all);
			m = rank_run(&q, &typos);
			assert_same_ranking(&all, n, &typos, m, 0, "with typos, query",
			                    kw[nkw - 1]);
			cand_set_release(&typos);
		}

		/* again, and then a longer keyword, from the same snapshot */
		for (k = 0; k < 2; k++) {
			struct cand_set again;
			if (k) {
				snprintf(longer, sizeof(longer), "%s%s", kw[nkw - 1],
				         words[lcg(&seed) % NW]);
				kw[nkw - 1] = longer;
				rank_query_release(&q);
				rank_query_init(&q, kw, nkw);
			}
			cand_set_init(&again, "/r/acme");
			assert_int_equal(load_matching(&again, db, &q), 0);
			n = rank_run(&q, &all);
			m = rank_run(&q, &again);
			assert_same_ranking(&all, n, &again, m, 1, "after a load, query",
			                    kw[nkw - 1]);
			cand_set_release(&again);
		}

		/* with several filters at once (completion's rivals), each
		   query still ranks as with every folder: the last keyword
		   alone, loosened as rank_query_last() does, beside this one */
		{
			struct rank_query loose, *qs[2];
			struct cand_set any;
			char *w[1] = {(char *)words[lcg(&seed) % NW]};
			rank_query_init(&loose, w, 1);
			qs[0] = &q;
			qs[1] = &loose;
			cand_set_init(&any, "/r/acme");
			assert_int_equal(
			    load_any(&any, db, (const struct rank_query *const *)qs, 2), 0);
			for (k = 0; k < 2; k++) {
				n = rank_run(qs[k], &all);
				m = rank_run(qs[k], &any);
				assert_same_ranking(&all, n, &any, m, 1, "two filters, query",
				                    qs[k]->full);
			}
			cand_set_release(&any);
			rank_query_release(&loose);
		}
		cand_set_release(&all);
		cand_set_release(&some);
		rank_query_release(&q);
	}
	for (i = 0; i < np; i++) {
		free(paths[i]);
		free(names[i]);
	}
	buf_release(&p);
}

/* Folders loaded from a snapshot rank code before its tests, as folders
 * given one by one do: the index marks test code for them. */
static void should_rank_code_before_tests_from_a_snapshot(void **state)
{
	/* the same length and depth, the test folder first by bytes */
	static const char *const paths[] = {
	    "", "pkg", "pkg/spec", "pkg/spec/parser", "pkg/srcs", "pkg/srcs/parser", NULL};
	static const char *const names[] = {"", "", "", "", "", ""};
	struct db *db = *state;
	struct rank_query q;
	struct cand_set s;
	char *kw[] = {"parser"};
	size_t i;

	put_snapshot("/r/acme", paths, names);
	rank_query_init(&q, kw, 1);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(load_matching(&s, db, &q), 0);
	for (i = 0; i < s.n; i++) /* known from the index, before any match */
		assert_true((s.v[i].flags & CAND_TEST_KNOWN) &&
		            !(s.v[i].flags & CAND_TEST) == !strstr(cand_path(&s, &s.v[i]), "spec"));
	assert_int_equal(rank_run(&q, &s), 2);
	assert_string_equal(cand_path(&s, &s.v[0]), "pkg/srcs/parser");
	assert_true(s.v[1].flags & CAND_TEST);
	cand_set_release(&s);
	rank_query_release(&q);
}

static void should_load_a_missing_snapshot_as_an_empty_index(void **state)
{
	struct db *db = *state;
	struct cand_set s;

	struct rank_query q;
	char *kw[] = {"ab"}, *other[] = {"xy"};

	put_visit(db, "/r/none/ab", 1, NOW);
	cand_set_init(&s, "/r/none");
	assert_int_equal(load_all(&s, db), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(find(&s, "ab"));
	cand_set_release(&s);
	/* and with a keyword to filter by, which its path matches */
	rank_query_init(&q, kw, 1);
	cand_set_init(&s, "/r/none");
	assert_int_equal(load_matching(&s, db, &q), 0);
	assert_int_equal(s.n, 1);
	cand_set_release(&s);
	rank_query_release(&q);
	/* or cannot: left out */
	rank_query_init(&q, other, 1);
	cand_set_init(&s, "/r/none");
	assert_int_equal(load_matching(&s, db, &q), 0);
	assert_int_equal(s.n, 0);
	cand_set_release(&s);
	rank_query_release(&q);
}

/* A snapshot with any one byte changed loads as what it says or as no
 * index, never reading outside the file (the sanitizers watch): bits past
 * the last folder, offsets and counts included. */
static void should_load_a_damaged_snapshot_within_bounds(void **state)
{
	static const char *const paths[] = {"",  "libs", "libs/ui", "services", "services/billing",
	                                    NULL};
	static const char *const names[] = {"", "", "@acme/ui", "", "billing-svc"};
	static char *const words[][2] = {{"bil", NULL}, {"::", NULL}, {"s", "ui"}, {"q", NULL}};
	struct db *db = *state;
	struct buf file = BUF_INIT, orig = BUF_INIT;
	size_t at, k;
	int fd;

	assert_int_equal(snapshot_file("/r/acme", &file), 0);
	put_snapshot("/r/acme", paths, names);
	assert_int_equal(read_file_at(AT_FDCWD, file.data, 1 << 20, &orig), 0);
	for (at = 0; at < orig.len; at++) {
		unsigned char c = (unsigned char)orig.data[at] ^ 0x81;
		fd = open(file.data, O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, orig.data, orig.len), (ssize_t)orig.len);
		assert_int_equal(pwrite(fd, &c, 1, (off_t)at), 1);
		close(fd);
		for (k = 0; k < MCD_ARRAY_SIZE(words); k++) {
			struct rank_query q;
			struct cand_set s;
			rank_query_init(&q, words[k], words[k][1] ? 2 : 1);
			cand_set_init(&s, "/r/acme");
			assert_int_equal(load_matching(&s, db, &q), 0);
			assert_true(s.n <= 5);
			cand_set_release(&s);
			rank_query_release(&q);
		}
	}
	buf_release(&file);
	buf_release(&orig);
}

/* The best few of a keyword many folders match: the visited folders that
 * could match come in, those matched by a declared name alone too, and
 * those that cannot stay out, most of them without a lookup (cand.c). */
/* A snapshot's folders as the tests build them: paths with their declared
 * names ("" for none), in snapshot order. */
struct tree {
	char **paths;
	const char **names;
	size_t n, cap;
};

static void tree_add(struct tree *t, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void tree_add(struct tree *t, const char *name, const char *fmt, ...)
{
	char p[128];
	va_list ap;

	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->paths = xrealloc(t->paths, t->cap * sizeof(*t->paths));
		t->names = xrealloc(t->names, t->cap * sizeof(*t->names));
	}
	va_start(ap, fmt);
	vsnprintf(p, sizeof(p), fmt, ap);
	va_end(ap);
	t->paths[t->n] = xstrdup(p);
	t->names[t->n++] = name;
	t->paths[t->n] = NULL;
}

/* Write T as the snapshot of ROOT, and forget it. */
static void tree_put(struct tree *t, const char *root)
{
	size_t i;

	put_snapshot(root, (const char *const *)t->paths, t->names);
	for (i = 0; i < t->n; i++)
		free(t->paths[i]);
	free(t->paths);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

/* A visit of ROOT/REL with RANK at LAST. */
static void put_visit_in(struct db *db, const char *root, const char *rel, double rank,
                         int64_t last)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	put_visit(db, p, rank, last);
}

/* A whole scan (cand_load_repo()): a visited folder that passes by its
 * declared name alone keeps its frecency, whether the folders that passed
 * are few (looked up among the named) or many (among them all); one that
 * passes by nothing is left out, indexed or not. */
static void should_load_visits_matched_by_name_alone_in_a_whole_scan(void **state)
{
	static const size_t many[] = {0, 5000};
	struct db *db = *state;
	size_t t;

	for (t = 0; t < 2; t++) {
		struct tree tr = {NULL, NULL, 0, 0};
		const char *kw[] = {"cabbage"};
		struct rank_query q;
		struct cand_set s;
		struct cand *c;
		char root[32];
		size_t i;

		snprintf(root, sizeof(root), "/r/whole%zu", t);
		tree_add(&tr, "", "%s", "");
		tree_add(&tr, "", "a");
		for (i = 0; i < many[t]; i++) /* as many that pass by their path */
			tree_add(&tr, "", "a/cabbage%04zu", i);
		tree_add(&tr, "", "qq");
		tree_add(&tr, "@acme/cabbage", "qq/zz");
		tree_add(&tr, "", "qq/zz-plain");
		tree_put(&tr, root);
		put_visit_in(db, root, "qq/zz", 50, NOW);
		put_visit_in(db, root, "qq/zz-plain", 50, NOW);
		put_visit_in(db, root, "gone/other", 50, NOW);
		put_visit_in(db, root, "gone/cabbage-patch", 50, NOW);
		rank_query_init(&q, (char **)kw, 1);
		cand_set_init(&s, root);
		assert_int_equal(load_matching(&s, db, &q), 0);
		assert_non_null(c = find(&s, "qq/zz"));
		assert_true(c->frecency > 0);
		assert_non_null(c = find(&s, "gone/cabbage-patch"));
		assert_true(c->frecency > 0);
		/* and the root: neither qq/zz-plain nor gone/other */
		assert_int_equal(s.n, many[t] + 3);
		cand_set_release(&s);
		rank_query_release(&q);
	}
}

static void should_load_visits_matched_by_name_alone_among_the_best(void **state)
{
	enum { N = 6000 };
	struct db *db = *state;
	char **paths = xcalloc(N + 210, sizeof(*paths));
	const char **names = xcalloc(N + 210, sizeof(*names));
	struct cand_set s;
	struct snapshot snap;
	struct rank_query q;
	char *kw[] = {"ca"};
	size_t i, n = 0;
	struct cand *c;

	/* many long prefix matches, a hundred exact ones before them */
	paths[n] = xstrdup("");
	names[n++] = "";
	paths[n] = xstrdup("d");
	names[n++] = "";
	for (i = 0; i < N; i++) {
		char p[32];
		snprintf(p, sizeof(p), "d/ca%04zu-and-more", i);
		paths[n] = xstrdup(p);
		names[n++] = "";
	}
	for (i = 0; i < 100; i++) {
		char p[32];
		snprintf(p, sizeof(p), "e%03zu", i);
		paths[n] = xstrdup(p);
		names[n++] = "";
		snprintf(p, sizeof(p), "e%03zu/ca", i);
		paths[n] = xstrdup(p);
		names[n++] = "";
	}
	paths[n] = xstrdup("qq");
	names[n++] = "";
	paths[n] = xstrdup("qq/zz");
	names[n++] = "@acme/cabbage";
	paths[n] = xstrdup("zz-other");
	names[n++] = "";
	paths[n] = NULL;
	put_snapshot("/r/big", (const char *const *)paths, names);
	put_visit(db, "/r/big/qq/zz", 50, NOW);
	put_visit(db, "/r/big/zz-other", 50, NOW);
	put_visit(db, "/r/big/gone/cabin", 50, NOW); /* not indexed, its path matches */
	put_visit(db, "/r/big/gone/other", 50, NOW); /* not indexed, nothing matches */
	/* and a history long enough that listing names costs less than
	   looking every visit up */
	for (i = 0; i < 400; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/r/big/d/ca%04zu-and-more", i * 7);
		put_visit(db, p, 1, NOW - DAY);
	}
	rank_query_init(&q, kw, 1);
	cand_set_init(&s, "/r/big");
	assert_int_equal(snapshot_open_flags(&snap, "/r/big", NULL, 0), 1);
	assert_int_equal(cand_load_best(&s, &snap, db, NOW, &q, 3), 1);
	snapshot_close(&snap);
	assert_non_null(c = find(&s, "qq/zz"));
	assert_true(c->frecency > 0);
	assert_non_null(c = find(&s, "gone/cabin"));
	assert_true(c->frecency > 0);
	for (i = 0; i < s.n; i++) {
		assert_string_not_equal(cand_path(&s, &s.v[i]), "zz-other");
		assert_string_not_equal(cand_path(&s, &s.v[i]), "gone/other");
	}
	assert_true(s.n < N); /* not every folder */
	cand_set_release(&s);
	rank_query_release(&q);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(names);
}

/* Among the best few, a folder loaded by its declared name alone (its
 * path cannot match) keeps the frecency of its visits, with a history
 * short or long enough to list the named folders that could match. */
static void should_keep_the_visits_of_the_best_loaded_by_name(void **state)
{
	enum { N = 6000 };
	static const int visits[] = {1, 400};
	struct db *db = *state;
	size_t t;

	for (t = 0; t < 2; t++) {
		struct tree tr = {NULL, NULL, 0, 0};
		char *kw[] = {"cabbage"};
		struct cand_set s;
		struct snapshot snap;
		struct rank_query q;
		char root[32], rel[64];
		struct cand *c;
		size_t i;
		int v;

		snprintf(root, sizeof(root), "/r/best%zu", t);
		tree_add(&tr, "", "%s", "");
		tree_add(&tr, "", "d");
		for (i = 0; i < N; i++) /* many weaker matches by their path */
			tree_add(&tr, "", "d/cabbage%04zu-and-more", i);
		for (i = 0; i < 20; i++) { /* and more exact ones than the best few */
			tree_add(&tr, "", "e%02zu", i);
			tree_add(&tr, "", "e%02zu/cabbage", i);
		}
		tree_add(&tr, "", "qq");
		tree_add(&tr, "cabbage", "qq/zz"); /* an exact match by its name alone */
		tree_put(&tr, root);
		put_visit_in(db, root, "qq/zz", 50, NOW);
		for (v = 1; v < visits[t]; v++) {
			snprintf(rel, sizeof(rel), "d/cabbage%04d-and-more", v * 7);
			put_visit_in(db, root, rel, 1, NOW - DAY);
		}
		rank_query_init(&q, kw, 1);
		cand_set_init(&s, root);
		assert_int_equal(snapshot_open_flags(&snap, root, NULL, 0), 1);
		assert_int_equal(cand_load_best(&s, &snap, db, NOW, &q, 3), 1);
		snapshot_close(&snap);
		assert_non_null(c = find(&s, "qq/zz"));
		assert_true(c->frecency > 0);
		assert_true(s.n < N); /* the best few, not every folder */
		cand_set_release(&s);
		rank_query_release(&q);
	}
}

/* Is PATH among the candidates of S? */
static int loaded(const struct cand_set *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == strlen(path) &&
		    memcmp(cand_path(s, &s->v[i]), path, s->v[i].len) == 0)
			return 1;
	return 0;
}

/* Among the best few, weak matches are left out, visited or not: but the
 * match visited last counts three times (rank_run_best()), so when that
 * is a weak one, it comes in, and no strong match takes its place as the
 * latest; when a strong one was visited last, the weak visits stay out. */
static void should_load_a_weak_match_visited_last_among_the_best(void **state)
{
	enum { N = 6000 };
	static const char *const order[3][3] = {
	    {"/r/late/e/cab", "/r/late/x/mica", "/r/late/y/arcana"},
	    {"/r/late/x/mica", "/r/late/y/arcana", "/r/late/e/cab"},
	    /* the root last, which does not match: arcana is the latest match */
	    {"/r/late/e/cab", "/r/late/y/arcana", "/r/late"},
	};
	struct db *db = *state;
	size_t t;

	for (t = 0; t < 3; t++) {
		struct tree tr = {NULL, NULL, 0, 0};
		char *kw[] = {"ca"};
		struct cand_set s;
		struct snapshot snap;
		struct rank_query q;
		struct cand *cab;
		size_t i;

		assert_int_equal(db_exec(db, "DELETE FROM visit"), 0);
		tree_add(&tr, "", "%s", "");
		tree_add(&tr, "", "d");
		for (i = 0; i < N; i++) /* many long prefix matches */
			tree_add(&tr, "", "d/ca%04zu-and-more", i);
		tree_add(&tr, "", "e");
		tree_add(&tr, "", "e/cab");
		for (i = 0; i < 100; i++) { /* a hundred exact ones before them */
			tree_add(&tr, "", "f%03zu", i);
			tree_add(&tr, "", "f%03zu/ca", i);
		}
		tree_add(&tr, "", "x");
		tree_add(&tr, "", "x/mica"); /* weak: "ca" inside a word */
		tree_add(&tr, "", "y");
		tree_add(&tr, "", "y/arcana");
		tree_put(&tr, "/r/late");
		for (i = 0; i < 3; i++)
			put_visit_seq(db, order[t][i], 2, NOW, (int64_t)i + 1);
		rank_query_init(&q, kw, 1);
		cand_set_init(&s, "/r/late");
		assert_int_equal(snapshot_open_flags(&snap, "/r/late", NULL, 0), 1);
		assert_int_equal(cand_load_best(&s, &snap, db, NOW, &q, 3), 1);
		snapshot_close(&snap);
		assert_true(s.n < N); /* the best few, not every folder */
		rank_run_best(&q, &s, 3);
		assert_non_null(cab = find(&s, "e/cab"));
		if (t != 1) { /* the weak arcana the latest match */
			assert_true(loaded(&s, "y/arcana"));
			assert_false(loaded(&s, "x/mica"));
			assert_false(cab->latest);
		} else { /* cab last: the latest, and no weak visit loaded */
			assert_true(cab->latest);
			assert_false(loaded(&s, "x/mica"));
			assert_false(loaded(&s, "y/arcana"));
		}
		cand_set_release(&s);
		rank_query_release(&q);
	}
}

#define TDB(name) cmocka_unit_test_setup_teardown(name, setup_db, teardown_db)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TDB(should_load_index_of_one_repository),
	    TDB(should_attach_weighted_history_to_indexed_dirs),
	    TDB(should_add_visited_dirs_missing_from_index),
	    TDB(should_not_attach_history_of_sibling_paths),
	    TDB(should_load_all_history_as_absolute_paths),
	    TDB(should_load_history_paths_byte_exact),
	    TDB(should_load_only_candidates_that_could_match),
	    TDB(should_rank_code_before_tests_from_a_snapshot),
	    TDB(should_load_a_missing_snapshot_as_an_empty_index),
	    TDB(should_load_a_damaged_snapshot_within_bounds),
	    TDB(should_rank_the_same_with_and_without_the_prefilter),
	    TDB(should_load_visits_matched_by_name_alone_among_the_best),
	    TDB(should_load_visits_matched_by_name_alone_in_a_whole_scan),
	    TDB(should_keep_the_visits_of_the_best_loaded_by_name),
	    TDB(should_load_a_weak_match_visited_last_among_the_best),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
