/* test_complete.c - TAB completion: what is offered and in which order
 * (src/complete.c) */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bashline.h"
#include "complete.h"
#include "history.h"
#include "index.h"

#define NOW 1700000000

struct fixture {
	struct db db;
	char dir[64]; /* a temporary folder outside any repository */
	char *saved_data_dir; /* MCD_DATA_DIR before the test changed it */
	int set_data_dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || db_open(&f->db, ":memory:") < 0)
		return -1;
	strcpy(f->dir, "/tmp/mcd-test-complete.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	/* a test that points MCD_DATA_DIR into its folder: restored even
	   when it failed half-way */
	if (f->saved_data_dir)
		setenv("MCD_DATA_DIR", f->saved_data_dir, 1);
	else if (f->set_data_dir)
		unsetenv("MCD_DATA_DIR");
	free(f->saved_data_dir);
	db_close(&f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Create DIR/REL and record N visits to it. */
static void visit(struct fixture *f, const char *rel, int n)
{
	char path[512], *p;
	const char *paths[1] = {path};

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (p = path + strlen(f->dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	mkdir(path, 0700);
	while (n--)
		assert_int_equal(history_add(&f->db, paths, 1, NOW), 0);
}

/* Keep the data of the database in F->dir/data (MCD_DATA_DIR is restored
 * by teardown). */
static void use_data_dir(struct fixture *f)
{
	char data[600];
	const char *old = getenv("MCD_DATA_DIR");

	snprintf(data, sizeof(data), "%s/data", f->dir);
	f->saved_data_dir = old ? xstrdup(old) : NULL;
	f->set_data_dir = 1;
	setenv("MCD_DATA_DIR", data, 1);
}

/* Index the repository F->dir/repo, its data in F->dir/data, into ROOT
 * (room for 512). */
static void index_fixture_repo(struct fixture *f, char *root)
{
	snprintf(root, 512, "%s/repo", f->dir);
	use_data_dir(f);
	assert_true(index_repo(&f->db, root, NOW, NULL) > 0);
}

static void ctx_for(struct complete_ctx *ctx, struct fixture *f, enum complete_mode mode)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->mode = mode;
	ctx->db = &f->db;
	ctx->cwd = f->dir;
	ctx->now = NOW;
	ctx->local_dirs = 1;
}

/* Complete the words of LINE (split at spaces) in MODE into L. */
static void run(struct fixture *f, enum complete_mode mode, const char *line, struct complete_list *l)
{
	struct complete_ctx ctx;
	struct bash_line ln;

	ctx_for(&ctx, f, mode);
	bash_line_split(line, NULL, &ln);
	complete_list_init(l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, l), 0);
	bash_line_release(&ln);
}

static void should_complete_subcommands_by_prefix(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_FUNCTION, "mcd in", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "init");
	assert_string_equal(l.v[1].insert, "index");
	assert_int_equal(l.v[0].kind, COMPLETE_WORD);
	complete_list_release(&l);
}

static void should_complete_options_and_their_values(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_FUNCTION, "mcd init ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "bash");
	assert_string_equal(l.v[1].insert, "zsh");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd init bash --hook ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "pwd");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd import --from z", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "zoxide");
	assert_string_equal(l.v[1].insert, "z");
	complete_list_release(&l);
	run(*state, COMPLETE_FUNCTION, "mcd --v", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "--version");
	complete_list_release(&l);
}

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

static void should_list_local_directories_first_and_once(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;

	visit(f, "serve", 1);
	visit(f, "deep/observer", 1);
	run(f, COMPLETE_FUNCTION, "mcd ser", &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].kind, COMPLETE_DIR);
	assert_string_equal(l.v[0].insert, "serve/");
	assert_int_equal(l.v[1].kind, COMPLETE_TARGET); /* deep/observer; serve not twice */
	complete_list_release(&l);
	run(f, COMPLETE_FUNCTION, "mcd deep/ob", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "deep/observer/");
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

static void should_render_zsh_records_with_escaped_displays(void **state)
{
	struct complete_list l;
	struct buf out = BUF_INIT;
	static const char want[] = "t\0/r/a\nb\0a\\nb\0w\0init\0init\0";

	complete_list_init(&l);
	l.v = calloc(2, sizeof(*l.v));
	l.n = l.cap = 2;
	l.v[0] = (struct complete_item){COMPLETE_TARGET, strdup("/r/a\nb"), strdup("a\nb")};
	l.v[1] = (struct complete_item){COMPLETE_WORD, strdup("init"), strdup("init")};
	complete_render_zsh(&l, &out);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, out.len);
	buf_release(&out);
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

/* The options, their values and the operands come from the table of
 * commands (src/commands.c). */
static void should_complete_each_command_s_options_and_values_by_the_table(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_BINARY, "mcd roots -", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "-0");
	assert_string_equal(l.v[1].insert, "--null");
	complete_list_release(&l);
	/* short forms, long forms, then "--" before a keyword */
	run(*state, COMPLETE_BINARY, "mcd query --", &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].insert, "--list");
	assert_string_equal(l.v[3].insert, "--");
	complete_list_release(&l);
	/* an option's value is not an operand */
	run(*state, COMPLETE_BINARY, "mcd init --cmd j ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "bash");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd init bash ", &l);
	assert_int_equal(l.n, 0); /* one shell only */
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd import --from zoxide ", &l);
	assert_true(complete_has(&l, COMPLETE_FILES));
	complete_list_release(&l);
	run(*state, COMPLETE_FUNCTION, "mcd help i", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].insert, "import");
	complete_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(should_complete_subcommands_by_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(should_complete_options_and_their_values, setup, teardown),
		cmocka_unit_test_setup_teardown(should_offer_targets_best_first, setup, teardown),
		cmocka_unit_test_setup_teardown(should_complete_the_last_keyword_given_the_earlier_ones, setup,
						teardown),
		cmocka_unit_test_setup_teardown(should_list_local_directories_first_and_once, setup, teardown),
		cmocka_unit_test_setup_teardown(should_never_offer_a_deleted_directory, setup, teardown),
		cmocka_unit_test(should_render_zsh_records_with_escaped_displays),
		cmocka_unit_test_setup_teardown(should_index_a_repository_on_the_first_tab, setup, teardown),
		cmocka_unit_test_setup_teardown(should_weigh_a_form_against_folders_the_typed_text_misses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(should_offer_the_next_best_when_a_best_one_is_gone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(should_complete_each_command_s_options_and_values_by_the_table,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
