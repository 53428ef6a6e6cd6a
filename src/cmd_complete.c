/* cmd_complete.c - `mcd complete`: the command behind TAB (see complete.h)
 *
 * Reads the shell's command line, opens the database if there is one,
 * asks complete.c what to offer and renders it for the shell. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bashline.h"
#include "args.h"
#include "cli.h"
#include "complete.h"
#include "db.h"
#include "repo.h"
#include "util.h"

/* The fields of L's items of KIND: its INSERT, or with DISPLAY its
 * DISPLAY (a target's, control characters escaped). */
static void zsh_group(const struct complete_list *l, int kind, int display, struct buf *out)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct complete_item *it = &l->v[i];
		if (it->kind != kind)
			continue;
		buf_adds(out, !display ? it->insert : quote_for_humans(it->display));
		buf_addch(out, '\0');
	}
}

static size_t count_kind(const struct complete_list *l, int kind)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].kind == kind;
	return n;
}

/* Are there targets in L, each listed as it is inserted? */
static int same_display(const struct complete_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		const struct complete_item *it = &l->v[i];
		if (it->kind != COMPLETE_TARGET)
			continue;
		if (strcmp(quote_for_humans(it->display), it->insert))
			return 0;
		n++;
	}
	return n > 0;
}

void complete_render_zsh(const struct complete_list *l, struct buf *out)
{
	static const char directives[] = {COMPLETE_DIRS, COMPLETE_FILES, COMPLETE_PICKER};
	static const char groups[] = {COMPLETE_WORD, COMPLETE_TARGET, COMPLETE_DIR};
	size_t i, start = out->len;
	int same = same_display(l);

	for (i = 0; i < sizeof(directives); i++)
		if (complete_has(l, directives[i]))
			buf_addch(out, directives[i]);
	if (same)
		buf_addch(out, COMPLETE_SAME_DISPLAY);
	if (out->len == start)
		buf_addch(out, '-');
	buf_addch(out, '\0');
	for (i = 0; i < sizeof(groups); i++) {
		buf_addf(out, "%zu", count_kind(l, groups[i]));
		buf_addch(out, '\0');
	}
	zsh_group(l, COMPLETE_WORD, 0, out);
	zsh_group(l, COMPLETE_TARGET, 0, out);
	if (!same)
		zsh_group(l, COMPLETE_TARGET, 1, out);
	zsh_group(l, COMPLETE_DIR, 0, out);
}

void complete_render_fish(const struct complete_list *l, struct buf *out)
{
	size_t i;

	if (complete_has(l, COMPLETE_PICKER))
		buf_adds(out, "picker");
	else if (complete_has(l, COMPLETE_FILES))
		buf_adds(out, "files");
	else
		buf_addch(out, '-');
	buf_addch(out, '\0');
	for (i = 0; i < l->n; i++) {
		const struct complete_item *it = &l->v[i];
		if (it->kind != COMPLETE_WORD && it->kind != COMPLETE_TARGET &&
		    it->kind != COMPLETE_DIR)
			continue;
		if (strchr(it->insert, '\t'))
			continue; /* fish would cut it at the tab */
		buf_adds(out, it->insert);
		if (it->kind == COMPLETE_TARGET && strcmp(it->display, it->insert)) {
			buf_addch(out, '\t');
			buf_adds(out, quote_for_humans(it->display));
		}
		buf_addch(out, '\0');
	}
}

/* ---- the command --------------------------------------------------------- */

/* Open the database for TAB, silently (a prompt is no place for
 * messages): one that is there is opened as it is, never moved aside even
 * when damaged (the next jump reports that); when there is none, it is
 * created only in a repository, whose first TAB indexes it. Returns 0
 * with DB open, or -1. */
static int open_for_tab(struct db *db, const char *cwd)
{
	struct buf path = BUF_INIT;
	struct stat st;
	char *root = NULL;
	int ret = -1;

	error_set_quiet(1);
	if (db_default_path(&path) < 0)
		goto out;
	if (lstat(path.data, &st) == 0)
		ret = db_open_view(db, DB_DATA_EXISTING) == 0 ? 0 : -1;
	else if (errno == ENOENT && (root = repo_root(cwd)))
		ret = db_open_default(db);
out:
	error_set_quiet(0);
	free(root);
	buf_release(&path);
	return ret;
}

const char *const complete_shells[] = {"bash", "zsh", "fish", NULL};

/* `mcd complete --shell bash --words --line TEXT`: the words of the
 * command line TEXT after the command's name, dequoted as bash would, each
 * NUL-terminated (bash's own words are split at every word-break
 * character): what the picker of "mcd foo<SPACE><TAB>" is opened on. */
static int print_words(const char *line, const char *wordbreaks)
{
	struct bash_line ln;
	size_t i;

	bash_line_split(line ? line : "", wordbreaks, &ln);
	for (i = 0; i < ln.n; i++)
		fwrite(ln.words[i], 1, strlen(ln.words[i]) + 1, stdout);
	bash_line_release(&ln);
	return EXIT_OK;
}

int cmd_complete(const struct args *a)
{
	const char *shell = args_get(a, OPT_SHELL) ? args_get(a, OPT_SHELL) : "zsh";
	const char *line = args_get(a, OPT_LINE), *wordbreaks = args_get(a, OPT_WORDBREAKS);
	char *cut = NULL;
	struct complete_ctx ctx;
	struct complete_list l;
	struct bash_line ln;
	struct buf cwd = BUF_INIT, out = BUF_INIT;
	struct db db;
	char *empty[] = {(char *)""};
	char **words;
	size_t n;
	int have_db, ret = EXIT_OK;

	/* the line up to the cursor, which bash counts in bytes: cut here,
	   not by the function, which would need the C locale for it */
	if (line && args_has(a, OPT_POINT) && (size_t)args_number(a, OPT_POINT, 0) < strlen(line))
		line = cut = xmemdup(line, (size_t)args_number(a, OPT_POINT, 0));
	if (args_has(a, OPT_WORDS)) {
		ret = print_words(line, wordbreaks);
		free(cut);
		return ret;
	}
	memset(&ctx, 0, sizeof(ctx));
	memset(&ln, 0, sizeof(ln));
	ctx.mode = args_has(a, OPT_BINARY) ? COMPLETE_BINARY
	           : args_has(a, OPT_CD)   ? COMPLETE_CD
	                                   : COMPLETE_FUNCTION;
	if (!strcmp(shell, "bash")) {
		bash_line_split(line ? line : "", wordbreaks, &ln);
		words = ln.words;
		n = ln.n;
		ctx.local_dirs = 1;
	} else {
		words = a->argv;
		n = (size_t)a->argc;
		ctx.local_dirs = !strcmp(shell, "fish"); /* fish lists them as items */
	}
	if (!n) {
		words = empty;
		n = 1;
	}
	if (repo_cwd(&cwd) < 0) {
		bash_line_release(&ln);
		free(cut);
		return EXIT_ERROR;
	}
	have_db = open_for_tab(&db, cwd.data) == 0;
	ctx.db = have_db ? &db : NULL;
	ctx.cwd = cwd.data;
	ctx.now = cli_now();
	complete_list_init(&l);
	error_set_quiet(1); /* the first TAB may index: silently */
	if (complete_words(&ctx, words, n, &l) < 0)
		ret = EXIT_ERROR;
	error_set_quiet(0);
	if (!strcmp(shell, "bash"))
		bash_render(&l, &ln, &out);
	else if (!strcmp(shell, "fish"))
		complete_render_fish(&l, &out);
	else
		complete_render_zsh(&l, &out);
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	complete_list_release(&l);
	bash_line_release(&ln);
	if (have_db)
		db_close(&db);
	buf_release(&cwd);
	buf_release(&out);
	free(cut);
	return ret;
}
