/* picker.c - `mcd -i`: a readline prompt on the terminal; every GNU
 * readline call of mcd is in this file */
#include "picker.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef MCD_LIBEDIT
/* libedit's readline interface: make LINE_EDITOR=libedit (BSD licence) */
#include <editline/readline.h>
#else
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "args.h"
#include "cli.h"
#include "complete.h"
#include "db.h"
#include "query.h"
#include "repo.h"

int picker_number(const char *line, size_t nlisted)
{
	char *end;
	long k;

	while (isspace((unsigned char)*line))
		line++;
	if (!isdigit((unsigned char)*line))
		return -1;
	errno = 0;
	k = strtol(line, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno || *end || k < 1 || (size_t)k > nlisted)
		return -1;
	return (int)(k - 1);
}

/* An entry shown to the user: what it is called and where it is. */
struct entry {
	char *label; /* repository-relative path (absolute outside one) */
	char *abs;
};

/* The picker's state: readline's callbacks take no argument. */
static struct {
	struct query qy; /* every candidate, loaded once, ranked per query */
	const char *initial;
	struct entry listed[PICKER_LIST]; /* what a number picks */
	size_t nlisted;
	struct entry *comp; /* the candidates of the last TAB */
	size_t ncomp;
	int failed; /* the database could not be read: say so, status 3 */
} P;

static void entry_clear(struct entry *e)
{
	free(e->label);
	free(e->abs);
	e->label = e->abs = NULL;
}

/* Split TEXT at blanks into a new array of N new strings. */
static char **split_words(const char *text, size_t *n)
{
	char **w = NULL;
	const char *p = text, *start;

	*n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		w = xrealloc(w, (*n + 1) * sizeof(*w));
		w[(*n)++] = xmemdup(start, (size_t)(p - start));
	}
	return w;
}

static void free_words(char **w, size_t n)
{
	while (n)
		free(w[--n]);
	free(w);
}

/* Rank WORDS (the query pipeline: the repository's candidates, refreshed
 * on a miss, else history) and call FN for each existing match, best
 * first, until it returns 0. Returns 0, or -1 when the index or the
 * history could not be read (with a message, P.failed set). */
static int each_match(char **words, size_t n,
                      int (*fn)(const struct cand_set *, const struct cand *, const char *, void *),
                      void *arg)
{
	struct rank_query q;
	const struct cand *c;
	const char *abs;
	int ret = -1;

	rank_query_init(&q, words, n);
	if (query_find(&P.qy, &q, 0) == 0) {
		while ((c = query_next(&P.qy, &abs)) && fn(query_set(&P.qy), c, abs, arg))
			;
		ret = P.qy.failed ? -1 : 0;
	}
	rank_query_release(&q);
	P.failed |= ret < 0;
	return ret;
}

static char *label_of(const struct cand_set *set, const struct cand *c, const char *abs)
{
	return xstrdup(set->root && c->len ? cand_path(set, c) : abs);
}

/* Collect up to *(size_t *)limit entries into P.comp. */
static int collect(const struct cand_set *set, const struct cand *c, const char *abs, void *limit)
{
	P.comp = xrealloc(P.comp, (P.ncomp + 1) * sizeof(*P.comp));
	P.comp[P.ncomp].label = label_of(set, c, abs);
	P.comp[P.ncomp].abs = xstrdup(abs);
	P.ncomp++;
	return P.ncomp < *(size_t *)limit;
}

static void clear_comp(void)
{
	while (P.ncomp)
		entry_clear(&P.comp[--P.ncomp]);
	free(P.comp);
	P.comp = NULL;
}

/* Rank the words of TEXT into P.comp, at most LIMIT. */
static void rank_text(const char *text, size_t limit)
{
	size_t n;
	char **w = split_words(text, &n);

	clear_comp();
	if (limit)
		each_match(w, n, collect, &limit);
	free_words(w, n);
}

/* The first PICKER_LIST of P.comp become the numbered entries. */
static void list_comp(void)
{
	size_t i;

	for (i = 0; i < P.nlisted; i++)
		entry_clear(&P.listed[i]);
	for (i = 0; i < P.ncomp && i < PICKER_LIST; i++) {
		P.listed[i].label = xstrdup(P.comp[i].label);
		P.listed[i].abs = xstrdup(P.comp[i].abs);
	}
	P.nlisted = i;
}

static void print_entries(FILE *out)
{
	size_t i;

	for (i = 0; i < P.ncomp; i++) {
		if (i < PICKER_LIST)
			fprintf(out, "%3zu  %s\n", i + 1, quote_for_humans(P.comp[i].label));
		else
			fprintf(out, "     %s\n", quote_for_humans(P.comp[i].label));
	}
	if (!P.ncomp)
		fprintf(out, "     (no match)\n");
	fflush(out);
}

/* ---- readline ------------------------------------------------------------ */

static int insert_initial(void)
{
	if (P.initial && *P.initial)
		rl_insert_text(P.initial);
	return 0;
}

/* TAB: the candidates for the word under the cursor given the words before
 * it, best first. One completes the word; several are listed, numbered,
 * and the typed text stays unless their common prefix extends it. */
static char **attempt(const char *text, int start, int end)
{
	struct buf line = BUF_INIT;
	char **m;
	size_t i, lcd;

	rl_attempted_completion_over = 1; /* never file names */
	buf_add(&line, rl_line_buffer, (size_t)start);
	buf_adds(&line, text);
	rank_text(line.data, COMPLETE_MAX);
	buf_release(&line);
	if (!P.ncomp)
		return NULL;
	m = xcalloc(P.ncomp + 2, sizeof(*m));
	for (i = 0; i < P.ncomp; i++)
		m[i + 1] = xstrdup(P.comp[i].label);
	if (P.ncomp == 1) {
		m[0] = m[1];
		m[1] = NULL;
		list_comp();
		return m;
	}
	lcd = strlen(m[1]);
	for (i = 2; i <= P.ncomp; i++) {
		size_t k = 0;
		while (k < lcd && m[i][k] == m[1][k])
			k++;
		lcd = k;
	}
	if (lcd >= strlen(text) && !strncmp(m[1], text, strlen(text)))
		m[0] = xmemdup(m[1], lcd);
	else
		m[0] = xstrdup(text);
	return m;
}

#ifndef MCD_LIBEDIT
static void display(char **matches, int num, int max_length)
{
	fputc('\n', rl_outstream);
	list_comp();
	print_entries(rl_outstream);
	rl_forced_update_display();
}
#endif

static volatile sig_atomic_t tty_fd = -1;

/* Ctrl-C: readline has restored the terminal before passing the signal on.
 * Die of the signal, as a program interrupted does: the shell reports 130
 * and stops the command line (zsh reports 1 for a plain exit(130)). */
static void on_interrupt(int sig)
{
	if (tty_fd >= 0 && write(tty_fd, "\n", 1) < 0) {
		/* nothing to do: we are leaving */
	}
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/* The best entry for LINE: a listed number, the label of a candidate, or
 * the best match for its words. A new string, or NULL. */
static char *choose(const char *line)
{
	int k = picker_number(line, P.nlisted);
	char *found = NULL;
	size_t i;

	if (k >= 0)
		return xstrdup(P.listed[k].abs);
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return P.nlisted ? xstrdup(P.listed[0].abs) : NULL;
	for (i = 0; i < P.ncomp && !found; i++)
		if (!strcmp(P.comp[i].label, line))
			found = xstrdup(P.comp[i].abs); /* a completed entry, exactly */
	if (found)
		return found;
	rank_text(line, 1);
	return P.ncomp ? xstrdup(P.comp[0].abs) : NULL;
}

static void history_path(struct buf *out)
{
	if (db_data_dir(out) == 0)
		buf_adds(out, "/picker_history");
	else
		buf_setlen(out, 0);
}

static void save_history(const char *line, const char *path)
{
	HIST_ENTRY *last;

	if (!*line || !*path)
		return;
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, line))
		add_history(line);
	if (write_history(path) == 0)
		history_truncate_file(path, PICKER_HISTORY);
}

int cmd_picker(const struct args *a)
{
	struct buf cwd = BUF_INIT, initial = BUF_INIT, hist = BUF_INIT;
	struct sigaction sa;
	struct db db;
	FILE *in = NULL, *out = NULL;
	char *line = NULL, *chosen = NULL;
	int i, ret = EXIT_ERROR;

	for (i = 0; i < a->argc; i++) {
		if (i)
			buf_addch(&initial, ' ');
		buf_adds(&initial, a->argv[i]);
	}
	in = fopen("/dev/tty", "r");
	out = fopen("/dev/tty", "w");
	if (!in || !out) {
		error("-i: no terminal to show the picker on: %s", strerror(errno));
		ret = EXIT_USAGE;
		goto out_files;
	}
	if (repo_cwd(&cwd) < 0 || db_open_default(&db) < 0)
		goto out_files;
	memset(&P, 0, sizeof(P));
	query_open(&P.qy, QUERY_PICKER, &db, cwd.data, cli_now());
	P.initial = initial.data;

	/* the first query indexes a repository never indexed: a database
	   that cannot be read ends here, before any UI */
	rank_text(initial.data ? initial.data : "", PICKER_LIST);
	if (P.failed)
		goto out_db;
	list_comp();
	print_entries(out);

	history_path(&hist);
	using_history();
	if (hist.len)
		read_history(hist.data);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	tty_fd = fileno(out);
	rl_instream = in;
	rl_outstream = out;
	rl_readline_name = "mcd";
	rl_catch_signals = 1;
	rl_startup_hook = insert_initial;
	rl_attempted_completion_function = attempt;
#ifndef MCD_LIBEDIT
	/* libedit lists matches itself, in its own order */
	rl_completion_display_matches_hook = display;
	rl_sort_completion_matches = 0;
#endif
	rl_basic_word_break_characters = " \t";

	line = readline("mcd> ");
	if (!line) {
		fputc('\n', out);
		ret = EXIT_NOMATCH; /* Ctrl-D */
		goto out_db;
	}
	chosen = choose(line);
	if (picker_number(line, P.nlisted) < 0)
		save_history(line, hist.data ? hist.data : ""); /* a query, not a pick */
	if (!chosen) {
		if (P.failed)
			goto out_db; /* said why; EXIT_ERROR */
		error("no match for '%s'", quote_for_humans(line));
		ret = EXIT_NOMATCH;
		goto out_db;
	}
	fputs(chosen, stdout);
	putchar('\n');
	ret = EXIT_OK;
	query_refresh_later(&P.qy);
out_db:
	clear_comp();
	for (i = 0; i < (int)P.nlisted; i++)
		entry_clear(&P.listed[i]);
	query_close(&P.qy);
	db_close(&db);
	clear_history();
out_files:
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	free(line);
	free(chosen);
	buf_release(&cwd);
	buf_release(&initial);
	buf_release(&hist);
	return ret;
}
