/* test_rank.c - candidates matched and ordered (src/rank.c, DESIGN §4)
 *
 * Tests assert orders, not scores: which directory a user lands on. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "rank.h"
#include "score.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */
#define HOUR ((int64_t)60 * 60)
#define DAY (24 * HOUR)

#include "rankutil.h"

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
	add(&s, "tools/billingapi", 0); /* a separator typed must be there: a typo */
	n = query(&s, "SERVICES Billing_API");
	ORDER(&s, n, "Services/billing-api");
	assert_int_equal(s.v[0].cls, MATCH_EXACT);
	n = query(&s, "billing.api");
	ORDER(&s, n, "libs/Billing.Api", "tools/BILLING_API", "Services/billing-api",
	      "tools/billingapi");
	assert_int_equal(s.v[3].cls, MATCH_TYPO);
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
			all.v[all.n - 1].recent = best.v[best.n - 1].recent =
			    (int64_t)(lcg(&seed) % 3);
		}
		n = rank_run(&q, &all);
		m = rank_run_best(&q, &best, ks[k]);
		assert_int_equal(n, m);
		assert_true(n > 4 * ks[k]);
		for (i = 0; i < ks[k]; i++)
			assert_string_equal(cand_path(&all, &all.v[i]),
			                    cand_path(&best, &best.v[i]));
		for (j = ks[k]; j < m; j++)
			assert_true(rank_compare(&best, &best.v[ks[k] - 1], &best.v[j]) <= 0);
		assert_int_equal(rank_order_more(&best, ks[k], m, 0), m);
		for (i = 0; i < n; i++)
			assert_string_equal(cand_path(&all, &all.v[i]),
			                    cand_path(&best, &best.v[i]));
		cand_set_release(&all);
		cand_set_release(&best);
	}
	rank_query_release(&q);
}

/* ---- a lived-in session (DESIGN §4): the nine patterns of issue 14 --------- */

/* 1. The words of a Go module path are no word matches: visits to the
 * module contrib/registry/etcd do not make it an answer for "contrib" or
 * "kratos"; its short name still answers. */
static void should_not_match_words_of_a_declared_path(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/kratos");
	add(&s, "", 0);
	add(&s, "contrib", 0);
	add_project(&s, "contrib/registry/etcd", "github.com/acme/kratos/contrib/registry/etcd/v3",
	            8);
	n = query(&s, "contrib");
	ORDER(&s, n, "contrib");
	n = query(&s, "kratos");
	ORDER(&s, n, ""); /* the repository's own folder only */
	n = query(&s, "etcd");
	ORDER(&s, n, "contrib/registry/etcd");
	n = query(&s, "github.com/acme/kr");
	ORDER(&s, n, "contrib/registry/etcd"); /* the start of the name, typed */
	cand_set_release(&s);
}

/* 1. An exact project name, or an exact folder holding the other match,
 * is never beaten by frecency: core, not the often visited
 * core/core-loggers; server-auth, not server-auth-jwt. */
static void should_let_an_exact_name_beat_the_frecency_of_a_word(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/pnpm");
	add(&s, "core", 0);
	add_project(&s, "core/core-loggers", "@pnpm/core-loggers", 20);
	add_project(&s, "plugins/server-auth", "@pnpm/server-auth", 0);
	add_project(&s, "plugins/server-auth-jwt", "@pnpm/server-auth-jwt", 20);
	n = query(&s, "core");
	ORDER(&s, n, "core", "core/core-loggers");
	n = query(&s, "server-auth");
	ORDER(&s, n, "plugins/server-auth", "plugins/server-auth-jwt");
	cand_set_release(&s);
}

/* 1. Names only alike: history decides (the shared history cases). */
static void should_let_history_decide_between_names_only_alike(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/bevy");
	add(&s, "examples/input", 0);
	add_project(&s, "crates/bevy_input_focus", "bevy_input_focus", 4);
	n = query(&s, "input");
	ORDER(&s, n, "crates/bevy_input_focus", "examples/input");
	cand_set_release(&s);
}

/* 2. The module answers for its own package folder, unless the user goes
 * there; "netty netty" reaches inside. */
static void should_let_project_answer_for_its_package_folder(void **state)
{
	static const char *const inner = "server/server-netty/jvm/src/io/acme/server/netty";
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/ktor");
	add_project(&s, "server/server-netty", NULL, 0);
	add(&s, inner, 0);
	n = query(&s, "netty");
	ORDER(&s, n, "server/server-netty", inner);
	n = query(&s, "netty netty");
	ORDER(&s, n, inner);
	find(&s, inner)->frecency = 3; /* the user goes there */
	n = query(&s, "netty");
	ORDER(&s, n, inner, "server/server-netty");
	cand_set_release(&s);
}

/* 2. The same folder in several source sets answers as the project; a
 * project inside another answers for itself. */
static void should_answer_as_the_project_for_its_source_sets(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/ktor");
	add_project(&s, "client/client-cio", NULL, 0);
	add(&s, "client/client-cio/common/src/io/acme/client/engine/cio", 0);
	add(&s, "client/client-cio/jvm/src/io/acme/client/engine/cio", 0);
	add(&s, "client/client-cio/posix/src/io/acme/client/engine/cio", 0);
	n = query(&s, "client cio");
	assert_true(n == 4);
	assert_string_equal(cand_path(&s, &s.v[0]), "client/client-cio");
	cand_set_release(&s);

	cand_set_init(&s, "/src/examples");
	add_project(&s, "rust/04-ffi", NULL, 0);
	add_project(&s, "rust/04-ffi/ffi", NULL, 0); /* its own BUILD: a project */
	n = query(&s, "ffi");
	ORDER(&s, n, "rust/04-ffi/ffi", "rust/04-ffi");
	cand_set_release(&s);
}

/* 3. Nearby first among equals: in the project the user stands in, then
 * the fewest folders away. */
static void should_prefer_nearby_among_equals(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/acme");
	add(&s, "pkgs/config/loader/test", 0);
	add(&s, "pkgs/config/reader/test", 0);
	add(&s, "pkgs/zeta/test", 0);
	cand_set_where(&s, "pkgs/config/reader/src", 22, (long)strlen("pkgs/config/reader"));
	n = query(&s, "test");
	ORDER(&s, n, "pkgs/config/reader/test", "pkgs/config/loader/test", "pkgs/zeta/test");
	/* no project around: the fewest folders away */
	cand_set_where(&s, "pkgs/zeta/src/x", 15, -1);
	n = query(&s, "test");
	ORDER(&s, n, "pkgs/zeta/test", "pkgs/config/loader/test", "pkgs/config/reader/test");
	cand_set_release(&s);
}

/* 4. The working directory is never the answer while another match
 * exists. */
static void should_never_answer_the_working_directory(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/kratos");
	add(&s, "contrib/config/etcd", 0);
	add(&s, "contrib/registry/etcd", 9);
	cand_set_where(&s, "contrib/registry/etcd", 21, -1);
	n = query(&s, "etcd");
	ORDER(&s, n, "contrib/config/etcd", "contrib/registry/etcd");
	cand_set_release(&s);
}

/* 7. Any keyword may be a declared name: "pacquet src" reaches the src of
 * the folder declaring pacquet; a folder that holds the word itself comes
 * first. */
static void should_reach_below_a_package_named_by_an_earlier_keyword(void **state)
{
	char *kw[] = {"pacquet", "src"};
	struct rank_query q;
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/pnpm");
	add_project(&s, "crates/cli", "pacquet", 0);
	add(&s, "crates/cli/src", 0);
	add(&s, "crates/other/src", 0);
	rank_query_init(&q, kw, 2);
	n = rank_run(&q, &s);
	assert_int_equal(n, 0); /* no anchor yet: nothing along the path */
	rank_query_anchor(&q, 0, "crates/cli", 10);
	n = rank_run(&q, &s);
	ORDER(&s, n, "crates/cli/src");
	add(&s, "tools/pacquet/src", 0);
	n = rank_run(&q, &s);
	ORDER(&s, n, "tools/pacquet/src", "crates/cli/src");
	rank_query_release(&q);
	cand_set_release(&s);
}

/* 8. A keyword before the last may abbreviate one folder's name. */
static void should_take_an_earlier_keyword_as_an_abbreviation(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/kratos");
	add(&s, "contrib/config/nacos", 0);
	add(&s, "contrib/registry/nacos", 0);
	add(&s, "middleware/ratelimit", 0);
	add(&s, "transport/http/ratelimit", 0);
	n = query(&s, "cfg nacos");
	ORDER(&s, n, "contrib/config/nacos");
	n = query(&s, "mw rate");
	ORDER(&s, n, "middleware/ratelimit");
	n = query(&s, "fg nacos"); /* not from its first letter */
	assert_int_equal(n, 0);
	cand_set_release(&s);
}

/* 9. Fixtures are test code, and a typo ranks above scattered letters. */
static void should_rank_fixtures_as_test_code_and_typos_above_scattered_letters(void **state)
{
	struct cand_set s;
	size_t n;

	cand_set_init(&s, "/src/pnpm");
	add_project(&s, ".fixtures/registry/hoist", "@pnpm/hoist", 0);
	add_project(&s, "pkg-manager/hoist", "@pnpm/hoist", 0);
	add(&s, "tools/ho-ws-list", 0);
	n = query(&s, "@pnpm/hoist");
	ORDER(&s, n, "pkg-manager/hoist", ".fixtures/registry/hoist");
	assert_true(s.v[1].flags & CAND_TEST);
	n = query(&s, "hosit");
	ORDER(&s, n, "pkg-manager/hoist", ".fixtures/registry/hoist", "tools/ho-ws-list");
	assert_int_equal(s.v[0].cls, MATCH_TYPO);
	assert_int_equal(s.v[2].cls, MATCH_FUZZY);
	cand_set_release(&s);
}

#define T(name) cmocka_unit_test(name)

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
	    T(should_order_the_best_k_as_a_full_sort),
	    T(should_not_match_words_of_a_declared_path),
	    T(should_let_an_exact_name_beat_the_frecency_of_a_word),
	    T(should_let_history_decide_between_names_only_alike),
	    T(should_let_project_answer_for_its_package_folder),
	    T(should_answer_as_the_project_for_its_source_sets),
	    T(should_prefer_nearby_among_equals),
	    T(should_never_answer_the_working_directory),
	    T(should_reach_below_a_package_named_by_an_earlier_keyword),
	    T(should_take_an_earlier_keyword_as_an_abbreviation),
	    T(should_rank_fixtures_as_test_code_and_typos_above_scattered_letters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
