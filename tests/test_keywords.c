/* test_keywords.c - what the user typed, as a query (src/keywords.c) */
#include "testutil.h"

#include <string.h>

#include "keywords.h"

static void parse(struct rank_query *q, char **kw, size_t n)
{
	rank_query_init(q, kw, n);
}

static void should_fold_every_keyword_once(void **state)
{
	char *kw[] = {"Pay", "Gate_Way"};
	struct rank_query q;

	(void)state;
	parse(&q, kw, 2);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.kw[0], "pay");
	assert_string_equal(q.kw[1], "gate-way");
	assert_string_equal(q.full, "gate-way");
	assert_int_equal(q.nbefore, 1);
	rank_query_release(&q);
}

static void should_split_a_last_keyword_at_its_last_slash(void **state)
{
	char *kw[] = {"@acme/ui"}, *deep[] = {"a/b/c"}, *trail[] = {"libs/"};
	struct rank_query q;

	(void)state;
	parse(&q, kw, 1);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.kw[0], "@acme");
	assert_string_equal(q.kw[1], "ui");
	assert_string_equal(q.full, "@acme/ui"); /* whole, for declared names */
	assert_int_equal(q.nbefore, 0);
	rank_query_release(&q);
	parse(&q, deep, 1);
	assert_string_equal(q.kw[0], "a/b");
	assert_string_equal(q.kw[1], "c");
	rank_query_release(&q);
	parse(&q, trail, 1); /* a trailing slash says "a directory" */
	assert_int_equal(q.n, 1);
	assert_string_equal(q.kw[0], "libs");
	rank_query_release(&q);
}

static void should_read_a_gradle_project_path_as_folders(void **state)
{
	char *kw[] = {":exporters:common"};
	struct rank_query q;

	(void)state;
	parse(&q, kw, 1);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.kw[0], "exporters");
	assert_string_equal(q.kw[1], "common");
	rank_query_release(&q);
}

static void should_drop_empty_keywords_at_the_end(void **state)
{
	char *kw[] = {"billing", ""};
	struct rank_query q;

	(void)state;
	parse(&q, kw, 2);
	assert_int_equal(q.n, 1);
	assert_string_equal(q.kw[0], "billing");
	rank_query_release(&q);
}

static void should_keep_and_forget_the_anchors_of_earlier_keywords(void **state)
{
	char *kw[] = {"pacquet", "src"};
	struct rank_query q;

	(void)state;
	parse(&q, kw, 2);
	rank_query_anchor(&q, 0, "crates/cli", 10);
	assert_int_equal(q.nanchors, 1);
	assert_string_equal(q.anchors[0].path, "crates/cli");
	assert_int_equal(q.anchors[0].kw, 0);
	rank_query_unanchor(&q);
	assert_int_equal(q.nanchors, 0);
	rank_query_anchor(&q, 0, "tools/pacquet", 13);
	rank_query_release(&q); /* with its anchors */
}

static void should_give_the_short_forms_of_declared_names(void **state)
{
	static const struct {
		const char *name, *short_form;
	} cases[] = {
	    {"@acme/ui", "ui"},
	    {"example.com/x/foo/v2", "foo"},
	    {"github.com/acme/kratos/contrib/registry/etcd/v3", "etcd"},
	    {"billing-svc", "billing-svc"},
	    {"k8s.io/kubelet", "kubelet"},
	    {"acme/v2x", "v2x"},
	};
	size_t i, len;
	const char *s;

	(void)state;
	for (i = 0; i < MCD_ARRAY_SIZE(cases); i++) {
		s = rank_short_name(cases[i].name, strlen(cases[i].name), &len);
		assert_int_equal(len, strlen(cases[i].short_form));
		assert_memory_equal(s, cases[i].short_form, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_fold_every_keyword_once),
	    cmocka_unit_test(should_split_a_last_keyword_at_its_last_slash),
	    cmocka_unit_test(should_read_a_gradle_project_path_as_folders),
	    cmocka_unit_test(should_drop_empty_keywords_at_the_end),
	    cmocka_unit_test(should_keep_and_forget_the_anchors_of_earlier_keywords),
	    cmocka_unit_test(should_give_the_short_forms_of_declared_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
