/* cmd_complete.c - `mcd complete`: the command behind TAB (see complete.h)
 *
 * Reads the shell's command line, opens the database if there is one,
 * asks complete.c what to offer and renders it for the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bashline.h"
#include "cli.h"
#include "complete.h"
#include "db.h"
#include "repo.h"
#include "util.h"

void complete_render_zsh(const struct complete_list *l, struct buf *out)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct complete_item *it = &l->v[i];
		const char *d = it->kind == COMPLETE_TARGET ? quote_for_humans(it->display) : it->display;
		buf_addch(out, (char)it->kind);
		buf_addch(out, '\0');
		buf_adds(out, it->insert);
		buf_addch(out, '\0');
		buf_adds(out, d);
		buf_addch(out, '\0');
	}
}

/* ---- the command --------------------------------------------------------- */

/* Open the database for reading only what is there: no folder or file is
 * created, nothing is moved aside. Returns 0 with DB open, or -1. */
static int open_existing(struct db *db)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int ret = -1;

	error_set_quiet(1); /* a prompt is no place for messages */
	if (db_default_path(&path) == 0 && stat(path.data, &st) == 0 && S_ISREG(st.st_mode))
		ret = db_open(db, path.data) == 0 ? 0 : -1;
	error_set_quiet(0);
	buf_release(&path);
	return ret;
}

int cmd_complete(int argc, char **argv)
{
	const char *shell = "zsh", *line = NULL, *wordbreaks = NULL;
	struct complete_ctx ctx;
	struct complete_list l;
	struct bash_line ln;
	struct buf cwd = BUF_INIT, out = BUF_INIT;
	struct db db;
	char *empty[] = {(char *)""};
	char **words;
	size_t n;
	int i, have_db, ret = EXIT_OK;

	memset(&ctx, 0, sizeof(ctx));
	memset(&ln, 0, sizeof(ln));
	ctx.mode = COMPLETE_FUNCTION;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--shell") && i + 1 < argc) {
			shell = argv[++i];
		} else if (!strcmp(argv[i], "--binary")) {
			ctx.mode = COMPLETE_BINARY;
		} else if (!strcmp(argv[i], "--wordbreaks") && i + 1 < argc) {
			wordbreaks = argv[++i];
		} else if (!strcmp(argv[i], "--line") && i + 1 < argc) {
			line = argv[++i];
		} else {
			error("complete: unknown option '%s'", quote_for_humans(argv[i]));
			return EXIT_USAGE;
		}
	}
	if (strcmp(shell, "bash") && strcmp(shell, "zsh")) {
		error("complete: unsupported shell '%s'", quote_for_humans(shell));
		return EXIT_USAGE;
	}
	if (!strcmp(shell, "bash")) {
		bash_line_split(line ? line : "", wordbreaks, &ln);
		words = ln.words;
		n = ln.n;
		ctx.local_dirs = 1;
	} else {
		words = argv + i;
		n = (size_t)(argc - i);
	}
	if (!n) {
		words = empty;
		n = 1;
	}
	if (repo_cwd(&cwd) < 0) {
		bash_line_release(&ln);
		return EXIT_ERROR;
	}
	have_db = open_existing(&db) == 0;
	ctx.db = have_db ? &db : NULL;
	ctx.cwd = cwd.data;
	ctx.now = (int64_t)time(NULL);
	complete_list_init(&l);
	if (complete_words(&ctx, words, n, &l) < 0)
		ret = EXIT_ERROR;
	if (!strcmp(shell, "bash"))
		bash_render(&l, &ln, &out);
	else
		complete_render_zsh(&l, &out);
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	complete_list_release(&l);
	bash_line_release(&ln);
	if (have_db)
		db_close(&db);
	buf_release(&cwd);
	buf_release(&out);
	return ret;
}
