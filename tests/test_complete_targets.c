/* test_complete_targets.c - the jump targets TAB offers, best first, and
 * the exact text each inserts (src/complete_targets.c) */
#include "testutil.h"

#include "completeutil.h"

static void should_offer_targets_best_first(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;
	char want[512];

	visit(f, "far/services/billing", 1);
	visit(f, "far/tools/billing", 5);
	run(f, COMPLETE_FUNCTION, "mcd bil", &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].kind, COMPLETE_TARGET);
	snprintf(want, sizeof(want), "%s/far/tools/billing", f->dir);
	/* history outside a repository: absolute paths, a plain cd */
	assert_string_equal(l.v[0].insert, want);
	assert_string_equal(l.v[0].display, want);
	complete_list_release(&l);
}

static void should_complete_the_last_keyword_given_the_earlier_ones(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;

	visit(f, "x/payments/gateway", 1);
	visit(f, "x/payments/git-hooks", 1);
	visit(f, "x/other/gateway", 3);
	run(f, COMPLETE_FUNCTION, "mcd pay ga", &l);
	assert_int_equal(l.n, 1);
	/* the shortest tail that, after "pay", names exactly this one */
	assert_string_equal(l.v[0].insert, "gateway");
	complete_list_release(&l);
}

static void should_never_offer_a_deleted_directory(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;
	char path[512];

	visit(f, "a/zzgone", 3);
	snprintf(path, sizeof(path), "%s/a/zzgone", f->dir);
	rmdir(path);
	run(f, COMPLETE_FUNCTION, "mcd zzgone", &l);
	assert_int_equal(l.n, 0);
	complete_list_release(&l);
}

/* The first TAB in a repository never indexed indexes it, as the first
 * jump does: a folder never visited is offered. */
static void should_index_a_repository_on_the_first_tab(void **state)
{
	struct fixture *f = *state;
	struct complete_ctx ctx;
	struct complete_list l;
	struct bash_line ln;
	char root[512];

	visit(f, "repo/.git", 0);
	visit(f, "repo/services/billing", 0);
	snprintf(root, sizeof(root), "%s/repo", f->dir);
	use_data_dir(f);
	assert_int_equal(index_lookup(&f->db, root, NULL), 0);

	ctx_for(&ctx, f, COMPLETE_FUNCTION);
	ctx.cwd = root;
	ctx.local_dirs = 0;
	bash_line_split("mcd bill", NULL, &ln);
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, &l), 0);
	assert_true(complete_has(&l, COMPLETE_TARGET));
	assert_string_equal(l.v[l.n - 1].display, "services/billing");
	assert_true(index_lookup(&f->db, root, NULL) > 0);
	complete_list_release(&l);
	bash_line_release(&ln);
}

/* Completion reads only the folders that could match what was typed; the
 * form that replaces it must still be weighed against every folder it
 * could name. "@acme/ui" finds libs/ui by its declared name; its form
 * "libs/ui" would also name the often visited vendor/libs/ui, which the
 * typed text does not: the absolute path goes in instead. */
static void should_weigh_a_form_against_folders_the_typed_text_misses(void **state)
{
	struct fixture *f = *state;
	struct complete_ctx ctx;
	struct bash_line ln;
	struct complete_list l;
	char root[512], cwd[600], want[600];
	FILE *pkg;

	visit(f, "repo/.git", 0);
	visit(f, "repo/docs", 0);
	visit(f, "repo/libs/ui", 0);
	visit(f, "repo/vendor/libs/ui", 0);
	snprintf(want, sizeof(want), "%s/repo/libs/ui/package.json", f->dir);
	assert_non_null(pkg = fopen(want, "w"));
	fputs("{\"name\": \"@acme/ui\"}\n", pkg);
	fclose(pkg);
	index_fixture_repo(f, root);
	visit(f, "repo/vendor/libs/ui", 5);

	snprintf(cwd, sizeof(cwd), "%s/docs", root);
	ctx_for(&ctx, f, COMPLETE_FUNCTION);
	ctx.cwd = cwd;
	bash_line_split("mcd @acme/ui", NULL, &ln);
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].display, "libs/ui");
	snprintf(want, sizeof(want), "%s/libs/ui", root);
	assert_string_equal(l.v[0].insert, want);
	complete_list_release(&l);
	bash_line_release(&ln);

	/* without the rival, the short form is exact */
	bash_line_split("mcd vendor/libs/u", NULL, &ln);
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "vendor/libs/ui");
	complete_list_release(&l);
	bash_line_release(&ln);
}

/* Only the best few of many matches are put in order; when one of them is
 * gone, the next best follows, not whichever came next in the index. */
static void should_offer_the_next_best_when_a_best_one_is_gone(void **state)
{
	struct fixture *f = *state;
	struct complete_ctx ctx;
	struct bash_line ln;
	struct complete_list l;
	char root[512], rel[128], path[700];
	int i;

	visit(f, "repo/.git", 0);
	visit(f, "repo/a/cart", 0);
	visit(f, "repo/b/cart", 0);
	for (i = 10; i <= 40; i++) { /* d10/cart + 40 x ... d40/cart + 10 x: longest first */
		int len = snprintf(rel, sizeof(rel), "repo/d%d/cart", i);
		memset(rel + len, 'x', (size_t)(50 - i));
		rel[len + 50 - i] = '\0';
		visit(f, rel, 0);
	}
	index_fixture_repo(f, root);
	snprintf(path, sizeof(path), "%s/b/cart", root);
	assert_int_equal(rmdir(path), 0);

	ctx_for(&ctx, f, COMPLETE_FUNCTION);
	ctx.cwd = root;
	ctx.local_dirs = 0;
	ctx.max = 2;
	bash_line_split("mcd cart", NULL, &ln);
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, &l), 0);
	/* the targets, after the description of the group */
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[1].kind, COMPLETE_TARGET);
	assert_string_equal(l.v[1].display, "a/cart");
	assert_string_equal(l.v[2].display, "d40/cartxxxxxxxxxx");
	complete_list_release(&l);
	bash_line_release(&ln);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(should_offer_targets_best_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_complete_the_last_keyword_given_the_earlier_ones,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_never_offer_a_deleted_directory, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_index_a_repository_on_the_first_tab, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        should_weigh_a_form_against_folders_the_typed_text_misses, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_offer_the_next_best_when_a_best_one_is_gone,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
