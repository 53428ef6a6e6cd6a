/* cmd_query.c - `mcd query`: print the best directory for keywords */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "index.h"
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
	static const char *const names[] = {"none", "fuzzy", "substring", "word", "prefix", "exact"};
	return cls >= 0 && cls < (int)MCD_ARRAY_SIZE(names) ? names[cls] : "?";
}

/* One line of `query -s`: why a candidate ranks where it does. */
static void print_scored(const struct cand_set *set, const struct cand *c, const char *path, int header)
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
	       (c->flags & CAND_PROJECT) ? "project" : (c->flags & CAND_TEST) ? "test" : "folder",
	       c->latest ? "last" : c->recent ? "yes" : "-", bold, quote_for_humans(path), off);
	if (c->namelen)
		printf(" %s(%s)%s", dim, quote_for_humans(set->arena.data + c->name), off);
	putchar('\n');
}

/* How many matches a query prints at most. */
static size_t wanted(const struct query_opts *o)
{
	return o->list ? (o->limit < 0 ? (size_t)-1 : (size_t)o->limit) : 1;
}

/* Print the first of the N matches of SET that are still directories, as
 * many as O wants. The first SORTED are in order (rank_run_best()); the
 * rest are put in order if they are reached, past folders gone since.
 * Returns how many were printed. */
static size_t print_matches(struct cand_set *set, size_t n, size_t sorted, const struct query_opts *o)
{
	struct buf path = BUF_INIT;
	size_t i, printed = 0, want = wanted(o);

	for (i = 0; i < n && printed < want; i++) {
		const struct cand *c;
		if (i == sorted)
			rank_sort_rest(set, i, n);
		c = &set->v[i];
		cand_abspath(set, c, &path);
		if (!cli_is_dir(path.data))
			continue;
		if (o->scores)
			print_scored(set, c, path.data, printed == 0);
		else if (o->null)
			fwrite(path.data, 1, path.len + 1, stdout); /* with its NUL */
		else if (o->list && o->tty)
			printf("%s\n", quote_for_humans(path.data)); /* a list for people */
		else
			cli_print_path(path.data, path.len);
		printed++;
	}
	buf_release(&path);
	return printed;
}

/* Is the best of the first N matches gone from the disk? */
static int best_is_gone(const struct cand_set *set, size_t n)
{
	struct buf path = BUF_INIT;
	int gone;

	if (!n)
		return 1;
	cand_abspath(set, &set->v[0], &path);
	gone = !cli_is_dir(path.data);
	buf_release(&path);
	return gone;
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
	struct cand_set set;
	struct db db;
	char *root = NULL;
	int64_t id = 0, t = cli_now();
	size_t n = 0;
	int ret = EXIT_ERROR, refreshed = 0;

	if (parse_query(a, &o) < 0)
		return EXIT_USAGE;
	if (repo_cwd(&cwd) < 0)
		return EXIT_ERROR;
	root = repo_root(cwd.data);
	if (!o.nkw && !o.list) {
		ret = print_root(root);
		free(root);
		buf_release(&cwd);
		return ret;
	}
	rank_query_init(&q, o.kw, (size_t)o.nkw);
	cand_set_init(&set, root);
	if (db_open_default(&db) < 0)
		goto out;

	if (root) {
		id = index_lookup(&db, root, NULL);
		if (id == 0) {
			/* first use in this repository */
			id = index_repo(&db, root, t, NULL);
			refreshed = 1;
		}
		if (id < 0)
			goto out_db;
		for (;;) {
			if (rank_load_repo_matching(&set, &db, id, t, &q) < 0)
				goto out_db;
			n = rank_run_best(&q, &set, wanted(&o));
			if (refreshed || !best_is_gone(&set, n))
				break;
			/* nothing matched, or the best is gone: the tree changed */
			id = index_repo(&db, root, t, NULL);
			if (id < 0)
				goto out_db;
			refreshed = 1;
			cand_set_release(&set);
			cand_set_init(&set, root);
		}
	}
	if (!root || print_matches(&set, n, wanted(&o), &o) == 0) {
		/* nothing here: history from everywhere */
		cand_set_release(&set);
		cand_set_init(&set, NULL);
		if (rank_load_history(&set, &db, t) < 0)
			goto out_db;
		n = rank_run(&q, &set);
		if (print_matches(&set, n, n, &o) == 0) {
			join_keywords(&o, &words);
			if (o.nkw)
				error("no match for '%s'", quote_for_humans(words.data ? words.data : ""));
			ret = EXIT_NOMATCH;
			goto out_db;
		}
	}
	ret = EXIT_OK;
out_db:
	db_close(&db);
out:
	cand_set_release(&set);
	rank_query_release(&q);
	free(root);
	buf_release(&cwd);
	buf_release(&words);
	return ret;
}

