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
		rank_sort_rest(&best, ks[k], m);
		for (i = 0; i < n; i++)
			assert_string_equal(cand_path(&all, &all.v[i]),
			                    cand_path(&best, &best.v[i]));
		cand_set_release(&all);
		cand_set_release(&best);
	}
	rank_query_release(&q);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
