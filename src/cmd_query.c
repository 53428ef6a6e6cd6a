/* cmd_query.c - `mcd query`: print the best directory for keywords */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "query.h"
#include "rank.h"
#include "repo.h"
#include "score.h"
#include "util.h"

#define QUERY_MAX_KEYWORDS 32 /* more describe no folder: refuse, not scan */

struct query_opts {
	int list, scores, null, tty;
	long limit;
	char **kw;
	int nkw;
};

/* Fill O from the arguments of `query`. Returns 0, or -1 after a usage
 * message. */
static int parse_query(const struct args *a, struct query_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->list = args_has(a, 'l');
	o->scores = args_has(a, 's');
	o->null = args_has(a, '0');
	o->limit = args_number(a, 'n', -1);
	o->kw = a->argv;
	o->nkw = a->argc;
	o->tty = isatty(1);
	for (int k = 0; k < o->nkw; k++)
		if (!o->kw[k][0])
			return cli_usage("query: empty keyword"), -1;
	if (o->nkw > QUERY_MAX_KEYWORDS)
		return cli_usage("query: too many keywords (%d at most)", QUERY_MAX_KEYWORDS), -1;
	return 0;
}

static const char *class_name(int cls)
{
	static const char *const names[] = {"none", "fuzzy",  "typo", "substring",
	                                    "word", "prefix", "exact"};
	return cls >= 0 && cls < (int)MCD_ARRAY_SIZE(names) ? names[cls] : "?";
}

/* One line of `query -s`: why a candidate ranks where it does. */
static void print_scored(const struct cand_set *set, const struct cand *c, const char *path,
                         int header)
{
	static int color = -1;
	const char *dim = "", *bold = "", *off = "";
	char score[32];

	if (color < 0)
		color = color_enabled(1);
	if (color) {
		dim = "\033[2m";
		bold = "\033[1m";
		off = "\033[0m";
	}
	if (header)
		printf("%s%-9s %6s %8s %-7s %-6s %s%s\n", dim, "class", "score", "frecency", "kind",
		       "recent", "path", off);
	if (c->score == SCORE_MAX)
		snprintf(score, sizeof(score), "max");
	else
		snprintf(score, sizeof(score), "%.2f", c->score);
	printf("%-9s %6s %8.2f %-7s %-6s %s%s%s", class_name(c->cls), score, c->frecency,
	       (c->flags & CAND_PROJECT) ? "project"
	       : (c->flags & CAND_TEST)  ? "test"
	                                 : "folder",
	       c->latest   ? "last"
	       : c->recent ? "yes"
	                   : "-",
	       bold, quote_for_humans(path), off);
	if (c->namelen)
		printf(" %s(%s)%s", dim, quote_for_humans(set->arena.data + c->name), off);
	putchar('\n');
}

/* How many matches a query prints at most. */
static size_t wanted(const struct query_opts *o)
{
	return o->list ? (o->limit < 0 ? (size_t)-1 : (size_t)o->limit) : 1;
}

/* Print the matches of QY's last query that are still directories, as
 * many as O wants. Returns how many were printed, or -1 when the history
 * could not be read. */
static long print_matches(struct query *qy, const struct query_opts *o)
{
	size_t printed = 0, want = wanted(o);
	const struct cand *c;
	const char *path;

	while (printed < want && (c = query_next(qy, &path))) {
		if (o->scores)
			print_scored(query_set(qy), c, path, printed == 0);
		else if (o->null)
			fwrite(path, 1, strlen(path) + 1, stdout); /* with its NUL */
		else if (o->list && o->tty)
			printf("%s\n", quote_for_humans(path)); /* a list for people */
		else
			cli_print_path(path, strlen(path));
		printed++;
	}
	return qy->failed ? -1 : (long)printed;
}

static int print_root(const char *root)
{
	const char *home = getenv("HOME");

	if (!root) {
		if (!home || home[0] != '/')
			return error("not in a repository, and HOME is not set"), EXIT_NOMATCH;
		root = home;
	}
	cli_print_path(root, strlen(root));
	return EXIT_OK;
}

static void join_keywords(const struct query_opts *o, struct buf *out)
{
	int i;
	for (i = 0; i < o->nkw; i++) {
		if (i)
			buf_addch(out, ' ');
		buf_adds(out, o->kw[i]);
	}
}

int cmd_query(const struct args *a)
{
	struct query_opts o;
	struct buf cwd = BUF_INIT, words = BUF_INIT;
	struct rank_query q;
	struct query qy;
	struct db db;
	char *root;
	long printed;
	int ret = EXIT_ERROR;

	if (parse_query(a, &o) < 0)
		return EXIT_USAGE;
	if (repo_cwd(&cwd) < 0)
		return EXIT_ERROR;
	if (!o.nkw && !o.list) {
		root = repo_root(cwd.data);
		ret = print_root(root);
		free(root);
		buf_release(&cwd);
		return ret;
	}
	if (db_open_view(&db, 0) < 0) {
		buf_release(&cwd);
		return EXIT_ERROR;
	}
	rank_query_init(&q, o.kw, (size_t)o.nkw);
	query_open(&qy, QUERY_JUMP, &db, cwd.data, cli_now());
	if (query_find(&qy, &q, wanted(&o)) < 0 || (printed = print_matches(&qy, &o)) < 0)
		goto out;
	if (printed == 0) {
		join_keywords(&o, &words);
		if (o.nkw)
			error("no match for '%s'", quote_for_humans(words.data ? words.data : ""));
		ret = EXIT_NOMATCH;
		goto out;
	}
	ret = EXIT_OK;
	query_refresh_later(&qy); /* after the answer: it is flushed first */
out:
	query_close(&qy);
	rank_query_release(&q);
	db_close(&db);
	buf_release(&cwd);
	buf_release(&words);
	return ret;
}
