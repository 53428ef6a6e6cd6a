/* test_rank.c - candidates matched and ordered (src/rank.c, DESIGN §4)
 *
 * Tests assert orders, not scores: which directory a user lands on. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "history.h"
#include "match.h"
#include "rank.h"
#include "score.h"
#include "snapbuild.h"
#include "snapshot.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */
#define HOUR ((int64_t)60 * 60)
#define DAY (24 * HOUR)

static void add(struct cand_set *s, const char *path, double frecency)
{
	cand_set_add(s, path, strlen(path), NULL, 0, 0, frecency);
}

static void add_project(struct cand_set *s, const char *path, const char *name, double frecency)
{
	cand_set_add(s, path, strlen(path), name, name ? strlen(name) : 0, CAND_PROJECT, frecency);
}

/* Run the space-separated KEYWORDS over S; returns how many matched. */
static size_t query(struct cand_set *s, const char *keywords)
{
	char *copy = xstrdup(keywords), *kw[16], *save = NULL, *t;
	struct rank_query q;
	size_t n = 0, matched;

	for (t = strtok_r(copy, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
		kw[n++] = t;
	rank_query_init(&q, kw, n);
	matched = rank_run(&q, s);
	rank_query_release(&q);
	free(copy);
	return matched;
}

/* The first N candidates of S are exactly WANT (NULL-terminated), in order. */
static void assert_order(const struct cand_set *s, size_t n, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		if (i >= n)
			fail_msg("only %zu matched, want '%s' at %zu", n, want[i], i);
		if (strcmp(cand_path(s, &s->v[i]), want[i]) != 0)
			fail_msg("at %zu: '%s', want '%s'", i, cand_path(s, &s->v[i]), want[i]);
	}
	if (i != n)
		fail_msg("%zu matched, want %zu (extra: '%s')", n, i, cand_path(s, &s->v[i]));
}

#define ORDER(s, n, ...) assert_order((s), (n), (const char *const[]){__VA_ARGS__, NULL})

/* The candidate of S with PATH, or a failure. */
static struct cand *find(struct cand_set *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == strlen(path) &&
		    memcmp(cand_path(s, &s->v[i]), path, s->v[i].len) == 0)
			return &s->v[i];
	fail_msg("no candidate '%s'", path);
	return NULL;
}

static void should_prefer_exact_name_over_frecent_fuzzy(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "x/playground", 1000); /* fuzzy */
	add(&s, "x/repayment", 500);   /* substring */
	add(&s, "x/pay", 0);           /* exact */
	add(&s, "x/billing", 2000);    /* no match */
	n = query(&s, "pay");
	ORDER(&s, n, "x/pay", "x/repayment", "x/playground");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	assert_int_equal(s.v[1].cls, MATCH_SUBSTRING);
	assert_int_equal(s.v[2].cls, MATCH_FUZZY);
	cand_set_release(&s);
}

static void should_order_match_classes_without_history(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "x/playground", 0); /* fuzzy */
	add(&s, "x/repayment", 0);  /* substring */
	add(&s, "x/auto-pay", 0);   /* whole word */
	add(&s, "x/payment", 0);    /* prefix */
	add(&s, "x/pay", 0);        /* exact */
	n = query(&s, "pay");
	ORDER(&s, n, "x/pay", "x/payment", "x/auto-pay", "x/repayment", "x/playground");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	assert_int_equal(s.v[1].cls, MATCH_PREFIX);
	assert_int_equal(s.v[2].cls, MATCH_WORD);
	assert_int_equal(s.v[3].cls, MATCH_SUBSTRING);
	assert_int_equal(s.v[4].cls, MATCH_FUZZY);
	cand_set_release(&s);
}

static void should_let_history_reorder_names_for_one_keyword(void **state)
{
	struct cand_set s;
	size_t n;

	/* exact, prefix and whole word are all names the user may mean by
	   one keyword: where they go wins */
	cand_set_init(&s, "/r");
	add(&s, "x/pay", 0);
	add(&s, "x/payment", 50);
	add(&s, "x/auto-pay", 100);
	n = query(&s, "pay");
	ORDER(&s, n, "x/auto-pay", "x/payment", "x/pay");
	cand_set_release(&s);
}

static void should_keep_class_order_for_several_keywords(void **state)
{
	struct cand_set s;
	size_t n;

	/* several keywords describe the path: the exact name comes first */
	cand_set_init(&s, "/r");
	add(&s, "ssr-deps/nested-external", 100);
	add(&s, "ssr-conditions/external", 0);
	n = query(&s, "ssr external");
	ORDER(&s, n, "ssr-conditions/external", "ssr-deps/nested-external");
	cand_set_release(&s);
}

static void should_prefer_the_directory_visited_just_now(void **state)
{
	struct cand_set s;
	size_t n;

	/* visited last, minutes ago: it counts FRECENCY_LATEST times */
	cand_set_init(&s, "/r");
	add(&s, "crates/reflect/compile_fail", 36); /* visited often, before */
	add(&s, "crates/derive/compile_fail", 16);  /* visited last */
	find(&s, "crates/reflect/compile_fail")->recent = 7;
	find(&s, "crates/derive/compile_fail")->recent = 9;
	assert_true(16 * FRECENCY_LATEST > 36);
	n = query(&s, "fail");
	ORDER(&s, n, "crates/derive/compile_fail", "crates/reflect/compile_fail");
	cand_set_release(&s);
}

static void should_keep_a_strong_habit_over_one_stray_visit(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "pkg/kubelet", 60); /* 15 visits this hour */
	add(&s, "cmd/kubelet", 4);  /* one visit, just now */
	find(&s, "pkg/kubelet")->recent = 3;
	find(&s, "cmd/kubelet")->recent = 4;
	assert_true(4 * FRECENCY_LATEST < 60);
	n = query(&s, "kubelet");
	ORDER(&s, n, "pkg/kubelet", "cmd/kubelet");
	cand_set_release(&s);
}

static void should_prefer_code_over_its_tests(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "core/tests/unit/api/execution_api", 0);
	add(&s, "core/src/airflow/api/execution_api", 0);
	add(&s, "src/Basket.UnitTests", 0);
	add(&s, "src/Basket.API", 0);
	add(&s, "pkg/__tests__/parser", 0);
	add(&s, "pkg/src/parser", 0);
	n = query(&s, "execution_api");
	ORDER(&s, n, "core/src/airflow/api/execution_api", "core/tests/unit/api/execution_api");
	n = query(&s, "basket");
	ORDER(&s, n, "src/Basket.API", "src/Basket.UnitTests");
	n = query(&s, "parser");
	ORDER(&s, n, "pkg/src/parser", "pkg/__tests__/parser");
	/* "latest" or "testing" are no test folders */
	cand_set_release(&s);
	cand_set_init(&s, "/r");
	add(&s, "sdk/testing", 0);
	add(&s, "sdk/all/testing", 0);
	n = query(&s, "testing");
	ORDER(&s, n, "sdk/testing", "sdk/all/testing");
	cand_set_release(&s);
}


static void should_prefer_project_over_fixture(void **state)
{
	struct cand_set s;
	size_t n;

	/* the fixture is shallower here, and still loses to the project */
	cand_set_init(&s, "/r");
	add(&s, "test/billing", 0);
	add_project(&s, "services/payments/billing", "@acme/billing", 0);
	n = query(&s, "billing");
	ORDER(&s, n, "services/payments/billing", "test/billing");
	cand_set_release(&s);
}

static void should_reach_package_by_declared_name(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add_project(&s, "packages/design-system", "@acme/ui", 0);
	add(&s, "apps/web/ui", 0);
	add(&s, "apps/web/ui-tests", 0);
	add_project(&s, "go/services/billing", "example.com/acme/billing-svc/v2", 0);
	add_project(&s, "packages/babel-core", "@babel/core", 0);
	/* in full, scope and all */
	n = query(&s, "@acme/ui");
	ORDER(&s, n, "packages/design-system");
	/* the short form is an exact name too; the project wins the tie */
	n = query(&s, "ui");
	assert_string_equal(cand_path(&s, &s.v[0]), "packages/design-system");
	/* a Go module by its last element, without the major version */
	n = query(&s, "billing-svc");
	ORDER(&s, n, "go/services/billing");
	n = query(&s, "example.com/acme/billing-svc/v2");
	assert_string_equal(cand_path(&s, &s.v[0]), "go/services/billing");
	n = query(&s, "core");
	assert_string_equal(cand_path(&s, &s.v[0]), "packages/babel-core");
	cand_set_release(&s);
}

static void should_prefer_a_folder_over_the_root_of_the_same_name(void **state)
{
	struct cand_set s;
	size_t n;

	/* a tokio clone holding the tokio crate: bare mcd is the root */
	cand_set_init(&s, "/src/tokio");
	add(&s, "", 0);
	add_project(&s, "tokio", "tokio", 0);
	n = query(&s, "tokio");
	ORDER(&s, n, "tokio", "");
	cand_set_release(&s);
	/* unless the root declares the name itself */
	cand_set_init(&s, "/src/kubernetes");
	add_project(&s, "", "k8s.io/kubernetes", 0);
	add(&s, "staging/src/k8s.io/client-go/kubernetes", 0);
	n = query(&s, "k8s.io/kubernetes");
	ORDER(&s, n, "", "staging/src/k8s.io/client-go/kubernetes");
	cand_set_release(&s);
}

static void should_prefer_earlier_keywords_naming_whole_folders(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "tokio/src/util", 0);    /* "io" only inside "tokio" */
	add(&s, "tokio/src/io/util", 0); /* "io" is a folder */
	n = query(&s, "io util");
	ORDER(&s, n, "tokio/src/io/util", "tokio/src/util");
	cand_set_release(&s);
}

static void should_let_history_break_ties(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "a/pays", 1);
	add(&s, "b/payment-processing-service", 10); /* longer, but visited more */
	add(&s, "c/payroll", 5);
	n = query(&s, "pay");
	ORDER(&s, n, "b/payment-processing-service", "c/payroll", "a/pays");
	cand_set_release(&s);
}

static void should_prefer_project_over_plain_folder(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "docs/billing", 3);
	add_project(&s, "svc/billing", NULL, 3);
	add(&s, "aaa/billing", 3);
	n = query(&s, "billing");
	ORDER(&s, n, "svc/billing", "aaa/billing", "docs/billing");
	cand_set_release(&s);
}

static void should_prefer_shallower_then_shorter(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "a/b/c/billing", 0);
	add(&s, "abc/billing", 0);
	add(&s, "billing", 0);
	add(&s, "ab/billing", 0);
	n = query(&s, "billing");
	ORDER(&s, n, "billing", "ab/billing", "abc/billing", "a/b/c/billing");
	cand_set_release(&s);
}

static void should_order_identical_candidates_deterministically(void **state)
{
	const char *paths[] = {"b/billing", "a/billing", "c/billing", "a/billing"};
	struct cand_set s, t;
	size_t i, n, m;

	cand_set_init(&s, "/r");
	cand_set_init(&t, "/r");
	for (i = 0; i < 4; i++) {
		add(&s, paths[i], 1);
		add(&t, paths[3 - i], 1);
	}
	n = query(&s, "billing");
	m = query(&t, "billing");
	ORDER(&s, n, "a/billing", "a/billing", "b/billing", "c/billing");
	ORDER(&t, m, "a/billing", "a/billing", "b/billing", "c/billing");
	cand_set_release(&s);
	cand_set_release(&t);
}

static void should_match_keywords_in_order_along_path(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "services/payment/gateway", 0);
	add(&s, "gateway/payment", 0);      /* wrong order */
	add(&s, "services/gateway", 0);     /* "pay" missing */
	add(&s, "payment/gateway/docs", 0); /* last keyword not in last component */
	n = query(&s, "pay gw");
	ORDER(&s, n, "services/payment/gateway");
	cand_set_release(&s);
}

static void should_match_keywords_in_order_inside_last_component(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "services/payment-gateway", 0);
	add(&s, "services/gateway-payment", 0);
	add(&s, "docs/with space", 0);
	n = query(&s, "pay gw");
	ORDER(&s, n, "services/payment-gateway");
	n = query(&s, "with space");
	ORDER(&s, n, "docs/with space");
	cand_set_release(&s);
}

static void should_match_last_keyword_with_slash_across_components(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "user/api", 0);
	add(&s, "services/api/user", 0);
	add(&s, "services/api/v2/users", 0);
	add(&s, "services/user", 0);
	n = query(&s, "api/user");
	ORDER(&s, n, "services/api/user", "services/api/v2/users");
	/* a trailing slash only says "a directory" */
	n = query(&s, "user/");
	assert_int_equal(n, 3);
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	cand_set_release(&s);
}

static void should_ignore_case_and_separator_kind(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "Services/billing-api", 0);
	add(&s, "libs/Billing.Api", 0);
	add(&s, "tools/BILLING_API", 0);
	add(&s, "tools/billingapi", 0); /* a separator typed must be there */
	n = query(&s, "SERVICES Billing_API");
	ORDER(&s, n, "Services/billing-api");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	n = query(&s, "billing.api");
	ORDER(&s, n, "libs/Billing.Api", "tools/BILLING_API", "Services/billing-api");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	assert_int_equal(s.v[1].cls, MATCH_EXACT);
	assert_int_equal(s.v[2].cls, MATCH_EXACT);
	cand_set_release(&s);
}

static void should_match_repository_root_by_its_name(void **state)
{
	struct cand_set s;
	struct buf abs = BUF_INIT;
	size_t n;

	cand_set_init(&s, "/r/acme");
	add(&s, "tools/acme-cli", 0);
	add(&s, "libs/acme", 0);
	add(&s, "", 0);
	add(&s, "services", 0);
	n = query(&s, "acme");
	/* a folder of the same name first: bare mcd goes to the root */
	ORDER(&s, n, "libs/acme", "", "tools/acme-cli");
	assert_int_equal(s.v[1].cls, MATCH_EXACT);
	cand_abspath(&s, &s.v[1], &abs);
	assert_string_equal(abs.data, "/r/acme");
	cand_abspath(&s, &s.v[0], &abs);
	assert_string_equal(abs.data, "/r/acme/libs/acme");
	buf_release(&abs);
	cand_set_release(&s);
}

static void should_match_everything_by_frecency_without_keywords(void **state)
{
	char e1[] = "", e2[] = "", *empty[] = {e1, e2};
	struct rank_query q;
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "a", 1);
	add(&s, "b/c", 7);
	add(&s, "", 3);
	add(&s, "d", 0);
	n = query(&s, "");
	ORDER(&s, n, "b/c", "", "a", "d");
	/* empty keywords are dropped */
	rank_query_init(&q, empty, 2);
	assert_int_equal(q.n, 0);
	assert_int_equal(rank_run(&q, &s), 4);
	rank_query_release(&q);
	cand_set_release(&s);
}

static void should_answer_last_keyword_with_declared_name(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "tools/widgets", 0);
	add_project(&s, "packages/ui-kit", "widget", 0);
	add(&s, "packages/other", 0);
	n = query(&s, "widget");
	ORDER(&s, n, "packages/ui-kit", "tools/widgets");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	/* earlier keywords still go along the path */
	n = query(&s, "pack widget");
	ORDER(&s, n, "packages/ui-kit");
	/* the folder name still answers too */
	n = query(&s, "ui-kit");
	ORDER(&s, n, "packages/ui-kit");
	cand_set_release(&s);
}

static void should_keep_unmatched_candidates_after_matched_ones(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/r");
	add(&s, "zzz", 0);
	add(&s, "billing", 0);
	add(&s, "yyy", 0);
	n = query(&s, "billing");
	ORDER(&s, n, "billing");
	assert_int_equal(s.n, 3);
	find(&s, "zzz");
	find(&s, "yyy");
	cand_set_release(&s);
}

/* --- loading from the database ------------------------------------------ */

/* The data folder of the database tests: snapshots are written there. */
static char data_dir[64];

static int setup_db(void **state)
{
	struct db *db = xcalloc(1, sizeof(*db));

	strcpy(data_dir, "/tmp/mcd-test-rank-XXXXXX");
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
}

static void should_load_index_of_one_repository(void **state)
{
	struct db *db = *state;
	struct cand_set s;
	struct cand *c;

	fill_index(db);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
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
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
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
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
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
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
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
	assert_int_equal(rank_load_history(&s, db, NOW), 0);
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
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
	assert_int_equal(s.n, 4);
	cand_abspath(&s, find(&s, "new\nline/caf\xff"), &abs);
	assert_int_equal(abs.len, strlen(odd));
	assert_memory_equal(abs.data, odd, abs.len);
	buf_release(&abs);
	cand_set_release(&s);
}

static void should_load_only_candidates_that_could_match(void **state)
{
	static const char *const paths[] = {"", "libs", "libs/billing-core", "libs/ui", "services",
	                                    "services/billing", "services/payments", NULL};
	static const char *const names[] = {"", "", "", "@acme/widgets", "", "", ""};
	char *kw[2] = {"bil", NULL};
	struct db *db = *state;
	struct rank_query q;
	struct cand_set all, some;
	size_t n, m, i;

	put_snapshot("/r/acme", paths, names);
	put_visit(db, "/r/acme/services/payments", 5, NOW);   /* indexed, cannot match */
	put_visit(db, "/r/acme/build/billing", 2, NOW);       /* not indexed */
	rank_query_init(&q, kw, 1);
	cand_set_init(&all, "/r/acme");
	cand_set_init(&some, "/r/acme");
	assert_int_equal(rank_load_repo(&all, db, 1, NOW), 0);
	assert_int_equal(rank_load_repo_matching(&some, db, 1, NOW, &q), 0);
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
	assert_int_equal(rank_load_repo_matching(&some, db, 1, NOW, &q), 0);
	assert_non_null(find(&some, "libs/ui"));
	rank_query_release(&q);
	cand_set_release(&all);
	cand_set_release(&some);
}

static uint32_t lcg(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
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
	static const char *const words[] = {
	    "billing", "bil", "ui", "core", "api", "services", "libs", "pay-gw", "Payment_Gateway",
	    "web.app", "cart", "cartservice", "src", "main", "java", "io", "a", "ab", "ba", "x y", "::"};
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
					kwbuf[k][len++] = lcg(&seed) % 4 ? w[j] : (char)(w[j] ^ 0x20);
			if (!len)
				kwbuf[k][len++] = w[0];
			if (lcg(&seed) % 6 == 0) /* a path-like last keyword */
				len += (size_t)sprintf(kwbuf[k] + len, "/%c", words[lcg(&seed) % NW][0]);
			kwbuf[k][len] = '\0';
			kw[k] = kwbuf[k];
		}
		rank_query_init(&q, kw, nkw);
		cand_set_init(&all, "/r/acme");
		cand_set_init(&some, "/r/acme");
		assert_int_equal(rank_load_repo(&all, db, 1, NOW), 0);
		assert_int_equal(rank_load_repo_matching(&some, db, 1, NOW, &q), 0);
		n = rank_run(&q, &all);
		m = rank_run(&q, &some);
		if (n != m)
			fail_msg("query '%s' (%zu keywords): %zu matches with every folder, %zu prefiltered",
				 kw[nkw - 1], nkw, n, m);
		for (i = 0; i < n; i++)
			assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&some, &some.v[i]));
		assert_true(some.n < all.n || n == all.n);

		/* again, and then a longer keyword, on the snapshot mapped
		   by the loads before */
		for (k = 0; k < 2; k++) {
			struct cand_set again;
			if (k) {
				snprintf(longer, sizeof(longer), "%s%s", kw[nkw - 1], words[lcg(&seed) % NW]);
				kw[nkw - 1] = longer;
				rank_query_release(&q);
				rank_query_init(&q, kw, nkw);
			}
			cand_set_init(&again, "/r/acme");
			assert_int_equal(rank_load_repo_matching(&again, db, 1, NOW, &q), 0);
			n = rank_run(&q, &all);
			m = rank_run(&q, &again);
			if (n != m)
				fail_msg("query '%s' after a load: %zu matches with every folder, %zu loaded",
					 kw[nkw - 1], n, m);
			for (i = 0; i < n; i++)
				assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&again, &again.v[i]));
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
			assert_int_equal(rank_load_repo_any(&any, db, 1, NOW, (const struct rank_query *const *)qs, 2),
					 0);
			for (k = 0; k < 2; k++) {
				n = rank_run(qs[k], &all);
				m = rank_run(qs[k], &any);
				if (n != m)
					fail_msg("two filters, query %zu: %zu matches with every folder, %zu loaded",
						 k, n, m);
				for (i = 0; i < n; i++)
					assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&any, &any.v[i]));
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
	static const char *const paths[] = {"", "pkg", "pkg/spec", "pkg/spec/parser", "pkg/srcs",
					    "pkg/srcs/parser", NULL};
	static const char *const names[] = {"", "", "", "", "", ""};
	struct db *db = *state;
	struct rank_query q;
	struct cand_set s;
	char *kw[] = {"parser"};
	size_t i;

	put_snapshot("/r/acme", paths, names);
	rank_query_init(&q, kw, 1);
	cand_set_init(&s, "/r/acme");
	assert_int_equal(rank_load_repo_matching(&s, db, 1, NOW, &q), 0);
	for (i = 0; i < s.n; i++) /* known from the index, before any match */
		assert_true((s.v[i].flags & CAND_TEST_KNOWN) &&
			    !(s.v[i].flags & CAND_TEST) == !strstr(cand_path(&s, &s.v[i]), "spec"));
	assert_int_equal(rank_run(&q, &s), 2);
	assert_string_equal(cand_path(&s, &s.v[0]), "pkg/srcs/parser");
	assert_true(s.v[1].flags & CAND_TEST);
	cand_set_release(&s);
	rank_query_release(&q);
}

/* Ordering only the best K of many matches gives the same first K as
 * ordering them all; every other match ranks after them, and sorting the
 * rest gives the whole order. */
static void should_order_the_best_k_as_a_full_sort(void **state)
{
	static const char *const parts[] = {"cart", "core", "c", "ac", "Cart_Svc", "tc", "cc"};
	const size_t ks[] = {1, 3, 40};
	struct cand_set all, best;
	struct rank_query q;
	char *kw[] = {"c"}, path[64];
	uint32_t seed = 11;
	size_t i, j, k, n, m;

	(void)state;
	rank_query_init(&q, kw, 1);
	for (k = 0; k < MCD_ARRAY_SIZE(ks); k++) {
		cand_set_init(&all, "/r");
		cand_set_init(&best, "/r");
		for (i = 0; i < 900; i++) {
			double fr = (double)(lcg(&seed) % 5); /* many ties */
			snprintf(path, sizeof(path), "d%zu/%s", i % 37, parts[lcg(&seed) % 7]);
			add(&all, path, fr);
			add(&best, path, fr);
			all.v[all.n - 1].recent = best.v[best.n - 1].recent = (int64_t)(lcg(&seed) % 3);
		}
		n = rank_run(&q, &all);
		m = rank_run_best(&q, &best, ks[k]);
		assert_int_equal(n, m);
		assert_true(n > 4 * ks[k]);
		for (i = 0; i < ks[k]; i++)
			assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&best, &best.v[i]));
		for (j = ks[k]; j < m; j++)
			assert_true(rank_compare(&best, &best.v[ks[k] - 1], &best.v[j]) <= 0);
		rank_sort_rest(&best, ks[k], m);
		for (i = 0; i < n; i++)
			assert_string_equal(cand_path(&all, &all.v[i]), cand_path(&best, &best.v[i]));
		cand_set_release(&all);
		cand_set_release(&best);
	}
	rank_query_release(&q);
}

static void should_load_a_missing_snapshot_as_an_empty_index(void **state)
{
	struct db *db = *state;
	struct cand_set s;

	struct rank_query q;
	char *kw[] = {"ab"};

	put_visit(db, "/r/none/a", 1, NOW);
	cand_set_init(&s, "/r/none");
	assert_int_equal(rank_load_repo(&s, db, 1, NOW), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(find(&s, "a"));
	cand_set_release(&s);
	/* and with a keyword to filter by */
	rank_query_init(&q, kw, 1);
	cand_set_init(&s, "/r/none");
	assert_int_equal(rank_load_repo_matching(&s, db, 1, NOW, &q), 0);
	assert_int_equal(s.n, 1);
	cand_set_release(&s);
	rank_query_release(&q);
}

/* A snapshot with any one byte changed loads as what it says or as no
 * index, never reading outside the file (the sanitizers watch): bits past
 * the last folder, offsets and counts included. */
static void should_load_a_damaged_snapshot_within_bounds(void **state)
{
	static const char *const paths[] = {"", "libs", "libs/ui", "services", "services/billing", NULL};
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
			assert_int_equal(rank_load_repo_matching(&s, db, 1, NOW, &q), 0);
			assert_true(s.n <= 5);
			cand_set_release(&s);
			rank_query_release(&q);
		}
	}
	buf_release(&file);
	buf_release(&orig);
}

#define T(name) cmocka_unit_test(name)
#define TDB(name) cmocka_unit_test_setup_teardown(name, setup_db, teardown_db)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_prefer_exact_name_over_frecent_fuzzy),
	    T(should_order_match_classes_without_history),
	    T(should_let_history_reorder_names_for_one_keyword),
	    T(should_keep_class_order_for_several_keywords),
	    T(should_prefer_the_directory_visited_just_now),
	    T(should_keep_a_strong_habit_over_one_stray_visit),
	    T(should_prefer_code_over_its_tests),
	    T(should_prefer_project_over_fixture),
	    T(should_reach_package_by_declared_name),
	    T(should_prefer_a_folder_over_the_root_of_the_same_name),
	    T(should_prefer_earlier_keywords_naming_whole_folders),
	    T(should_let_history_break_ties),
	    T(should_prefer_project_over_plain_folder),
	    T(should_prefer_shallower_then_shorter),
	    T(should_order_identical_candidates_deterministically),
	    T(should_match_keywords_in_order_along_path),
	    T(should_match_keywords_in_order_inside_last_component),
	    T(should_match_last_keyword_with_slash_across_components),
	    T(should_ignore_case_and_separator_kind),
	    T(should_match_repository_root_by_its_name),
	    T(should_match_everything_by_frecency_without_keywords),
	    T(should_answer_last_keyword_with_declared_name),
	    T(should_keep_unmatched_candidates_after_matched_ones),
	    TDB(should_load_index_of_one_repository),
	    TDB(should_attach_weighted_history_to_indexed_dirs),
	    TDB(should_add_visited_dirs_missing_from_index),
	    TDB(should_not_attach_history_of_sibling_paths),
	    TDB(should_load_all_history_as_absolute_paths),
	    TDB(should_load_history_paths_byte_exact),
	    TDB(should_load_only_candidates_that_could_match),
	    T(should_order_the_best_k_as_a_full_sort),
	    TDB(should_rank_code_before_tests_from_a_snapshot),
	    TDB(should_load_a_missing_snapshot_as_an_empty_index),
	    TDB(should_load_a_damaged_snapshot_within_bounds),
	    TDB(should_rank_the_same_with_and_without_the_prefilter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
