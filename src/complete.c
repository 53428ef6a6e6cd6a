/* complete.c - candidates for the shells' TAB completion (the fast path) */
#include "complete.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bashline.h"
#include "args.h"
#include "cli.h"
#include "query.h"
#include "repo.h"

/* ---- the list ------------------------------------------------------------- */

void complete_list_init(struct complete_list *l)
{
	memset(l, 0, sizeof(*l));
}

void complete_list_release(struct complete_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].insert);
		free(l->v[i].display);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void add_item(struct complete_list *l, int kind, const char *insert, const char *display)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].kind = kind;
	l->v[l->n].insert = xstrdup(insert);
	l->v[l->n].display = xstrdup(display ? display : insert);
	l->n++;
}

int complete_has(const struct complete_list *l, int kind)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == kind)
			return 1;
	return 0;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Add each of the NULL-terminated WORDS that starts with CUR. Returns how
 * many were added. */
static int add_words(struct complete_list *l, const char *const *words, const char *cur)
{
	int added = 0;
	for (; *words; words++) {
		if (starts_with(*words, cur)) {
			add_item(l, COMPLETE_WORD, *words, NULL);
			added++;
		}
	}
	return added;
}

/* ---- what the command line accepts: the table of commands.h -------------- */

/* Add the names of the commands TAB offers (not the internal ones, not
 * those named like options) that start with CUR. Returns how many. */
static int add_commands(struct complete_list *l, const char *cur)
{
	const struct command *c;
	int added = 0;

	for (c = commands; c->name; c++) {
		if ((c->flags & COMMAND_INTERNAL) || c->name[0] == '-' ||
		    !starts_with(c->name, cur))
			continue;
		add_item(l, COMPLETE_WORD, c->name, NULL);
		added++;
	}
	return added;
}

/* Add option O's short form ("-l") when SHORT_FORM, else its long form
 * ("--list"), if it has that form and it starts with CUR. Returns 1 when
 * added, else 0. */
static int add_option(struct complete_list *l, const struct command_option *o, int short_form,
                      const char *cur)
{
	char word[64];

	if (short_form && o->key < OPT_CMD)
		snprintf(word, sizeof(word), "-%c", o->key);
	else if (!short_form && o->name)
		snprintf(word, sizeof(word), "--%s", o->name);
	else
		return 0;
	if (!starts_with(word, cur))
		return 0;
	add_item(l, COMPLETE_WORD, word, NULL);
	return 1;
}

/* Add the forms of the options OPTS (ended by key 0; NULL: none) that
 * start with CUR: the short forms first, then the long ones. Returns how
 * many. */
static int add_options(struct complete_list *l, const struct command_option *opts, const char *cur)
{
	const struct command_option *o;
	int added = 0, short_form;

	for (short_form = 1; short_form >= 0; short_form--)
		for (o = opts; o && o->key; o++)
			added += add_option(l, o, short_form, cur);
	return added;
}

/* Would the jump function take S, as its first argument, for something
 * other than a keyword or a directory? */
static int is_reserved_first(const char *s)
{
	return jump_reserved(s);
}

/* ---- local directories --------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The absolute directory the typed directory part DIRPART ("", "a/b/",
 * "~/x/", "/x/") names, relative to CWD. A new string. */
static char *expand_dirpart(const char *dirpart, const char *cwd)
{
	const char *home = getenv("HOME");

	if (!dirpart[0])
		return xstrdup(cwd);
	if (dirpart[0] == '~' && dirpart[1] == '/' && home && home[0] == '/')
		return path_join(home, dirpart + 2);
	return repo_absolute(dirpart, cwd);
}

/* Add the directories whose path starts with CUR, as `cd` completes them:
 * CUR's directory part is kept as typed, each gets a trailing '/'. Hidden
 * ones only when the typed name starts with '.'. Returns how many. */
static int add_local_dirs(struct complete_list *l, const char *cur, const char *cwd)
{
	const char *slash = strrchr(cur, '/');
	size_t dirlen = slash ? (size_t)(slash - cur) + 1 : 0;
	const char *base = cur + dirlen;
	char *dirpart = xmemdup(cur, dirlen), *dir = expand_dirpart(dirpart, cwd);
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct buf path = BUF_INIT, ins = BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		goto out;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (!starts_with(e->d_name, base))
			continue;
		if (e->d_type != DT_DIR) {
			if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
				continue;
			buf_setlen(&path, 0);
			buf_addf(&path, "%s/%s", dir, e->d_name);
			if (!is_directory(path.data))
				continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		buf_setlen(&ins, 0);
		buf_addf(&ins, "%s%s/", dirpart, names[i]);
		add_item(l, COMPLETE_DIR, ins.data, NULL);
		free(names[i]);
	}
out:
	free(names);
	free(dirpart);
	free(dir);
	buf_release(&path);
	buf_release(&ins);
	return (int)n;
}

/* ---- jump targets --------------------------------------------------------- */

/* Does the jump function, given the keywords BEFORE[0..NB) and FORM, land
 * on candidate T of SET, whose absolute path is TABS, an existing
 * directory? FIRST: FORM is its first argument. The set's order is left
 * alone. */
static int resolves(const struct complete_ctx *ctx, struct cand_set *set, const struct cand *t,
		    const char *tabs, char *const *before, size_t nb, const char *form, int first)
{
	struct rank_query q;
	struct cand tgt, c;
	size_t i, saved = set->nkeywords;
	int64_t latest = 0;
	char **kw;
	int ok = 1;

	if (!form[0] || (first && nb == 0 && is_reserved_first(form)))
		return 0;
	if (nb == 0) {
		/* a single existing directory is a plain cd */
		char *abs = repo_absolute(form, ctx->cwd);
		struct stat a, b;
		int same = !strcmp(abs, tabs), dir;
		/* the form read from here is often the target itself */
		dir = same || (stat(abs, &a) == 0 && S_ISDIR(a.st_mode));
		free(abs);
		if (dir)
			return first && (same || (stat(tabs, &b) == 0 && a.st_dev == b.st_dev &&
						  a.st_ino == b.st_ino));
		if (form[0] == '/')
			return 0;
	}
	kw = xcalloc(nb + 1, sizeof(*kw));
	for (i = 0; i < nb; i++)
		kw[i] = before[i];
	kw[nb] = (char *)form;
	rank_query_init(&q, kw, nb + 1);
	free(kw);
	set->nkeywords = q.n;
	tgt = *t;
	if (!rank_match(&q, set, &tgt)) {
		ok = 0;
		goto out;
	}
	/* the latest visited of the form's matches, as rank_run() marks it */
	for (i = 0; i < set->n; i++) {
		c = set->v[i];
		if (c.recent > latest && (&set->v[i] == t || rank_match(&q, set, &c)))
			latest = c.recent;
	}
	tgt.latest = latest && tgt.recent == latest;
	for (i = 0; i < set->n && ok; i++) {
		if (&set->v[i] == t)
			continue;
		c = set->v[i];
		if (!rank_match(&q, set, &c))
			continue;
		c.latest = latest && c.recent == latest;
		if (rank_compare(set, &c, &tgt) < 0)
			ok = 0;
	}
out:
	set->nkeywords = saved;
	rank_query_release(&q);
	return ok;
}

/* The forms insert_form() weighs for the repository-relative PATH (LEN
 * bytes, not the root) after NB other keywords, into OUT (room for LEN + 1;
 * pointers into PATH, each running to its end), shortest first: after
 * other keywords each tail that starts a component ("gateway",
 * "payments/gateway"), else the whole path. Returns how many. */
static size_t form_starts(const char *path, size_t len, size_t nb, const char **out)
{
	const char *p;
	size_t n = 0;

	if (nb == 0) {
		out[n++] = path;
		return n;
	}
	for (p = path + len; p > path; p--) {
		if (p[-1] != '/' && p - 1 != path)
			continue;
		if (p[-1] == '/' && p == path + len)
			continue;
		out[n++] = p[-1] == '/' ? p : p - 1;
	}
	return n;
}

/* The text that, in place of the last keyword (after BEFORE[0..NB)), takes
 * the jump function to candidate T (absolute path TABS), into OUT. SET must
 * hold every candidate that could match the forms (form_starts()). */
static void insert_form(const struct complete_ctx *ctx, struct cand_set *set, const struct cand *t,
			const char *tabs, char *const *before, size_t nb, int first, struct buf *out)
{
	const char *path = cand_path(set, t), *p, **forms;
	size_t len = t->len, i, n;

	buf_setlen(out, 0);
	if (nb == 0) {
		/* the repository-relative path when it is unambiguous, else the
		   absolute path: a plain cd */
		if (set->root && len && resolves(ctx, set, t, tabs, before, 0, path, first)) {
			buf_add(out, path, len);
			return;
		}
		buf_adds(out, tabs);
		return;
	}
	/* after other keywords: the shortest tail of the path that, with
	   them, names exactly this directory ("gateway", "payments/gateway") */
	if (!len) {
		p = strrchr(tabs, '/');
		buf_adds(out, p && p[1] ? p + 1 : tabs);
		return;
	}
	forms = xcalloc(len + 1, sizeof(*forms));
	n = form_starts(path, len, nb, forms);
	for (i = 0; i < n; i++) {
		if (resolves(ctx, set, t, tabs, before, nb, forms[i], first)) {
			buf_adds(out, forms[i]);
			free(forms);
			return;
		}
	}
	free(forms);
	p = memrchr(path, '/', len);
	buf_adds(out, p ? p + 1 : path);
}

/* Is ABS one of the local directories already in OUT? */
static int listed_locally(const struct complete_list *out, const char *abs, const char *cwd)
{
	size_t i;
	int found = 0;

	for (i = 0; i < out->n && !found; i++) {
		char *p;
		if (out->v[i].kind != COMPLETE_DIR)
			continue;
		p = repo_absolute(out->v[i].insert, cwd);
		found = !strcmp(p, abs);
		free(p);
	}
	return found;
}

/* Load into COMP every candidate that could answer one of the forms of the
 * targets in OUT's last ADDED items (candidates of SET): a form's rivals
 * need not match what was typed. Each form is loosened to its last keyword
 * (rank_query_last()), which the forms of a target, and often many
 * targets, share. Returns how many filters, -1 on error. */
static int load_rivals(struct query *qy, struct cand_set *set, const struct complete_list *out,
		       size_t added, char *const *before, size_t nb, struct cand_set *comp)
{
	const struct rank_query **qs = NULL;
	struct rank_query *q = NULL, form;
	const char **forms = NULL;
	char **kw = xcalloc(nb + 1, sizeof(*kw));
	size_t i, j, k, nq = 0, cap = 0, nf;
	int ret;

	for (i = 0; i < nb; i++)
		kw[i] = before[i];
	for (i = out->n - added; i < out->n; i++) {
		const struct cand *t = &set->v[out->v[i].kind];
		if (!t->len)
			continue;
		forms = xrealloc(forms, (t->len + 1) * sizeof(*forms));
		nf = form_starts(cand_path(set, t), t->len, nb, forms);
		for (j = 0; j < nf; j++) {
			kw[nb] = (char *)forms[j];
			rank_query_init(&form, kw, nb + 1);
			if (nq == cap) {
				cap = cap ? 2 * cap : 16;
				q = xrealloc(q, cap * sizeof(*q));
			}
			rank_query_last(&q[nq], &form);
			rank_query_release(&form);
			for (k = 0; k < nq; k++)
				if (q[k].n && q[nq].n && !strcmp(q[k].kw[0], q[nq].kw[0]))
					break;
			if (k < nq || !q[nq].n)
				rank_query_release(&q[nq]); /* the same filter, or none */
			else
				nq++;
		}
	}
	ret = (int)nq;
	if (nq) {
		qs = xcalloc(nq, sizeof(*qs));
		for (i = 0; i < nq; i++)
			qs[i] = &q[i];
		/* from the snapshot SET was loaded from, still mapped */
		cand_set_init(comp, set->root);
		if (cand_load_repo(comp, &qy->snap, qy->db, qy->now, qs, nq) < 0)
			ret = -1;
	}
	for (i = 0; i < nq; i++)
		rank_query_release(&q[i]);
	free(q);
	free(qs);
	free(forms);
	free(kw);
	return ret;
}

/* The candidate of SET with the path of T (a candidate of FROM), or NULL. */
static const struct cand *same_in(const struct cand_set *set, const struct cand_set *from,
				  const struct cand *t)
{
	const char *path = cand_path(from, t);
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->v[i].len == t->len && !memcmp(cand_path(set, &set->v[i]), path, t->len))
			return &set->v[i];
	return NULL;
}

int complete_targets(const struct complete_ctx *ctx, char *const *keywords, size_t n, int first,
		     struct complete_list *out)
{
	size_t max = ctx->max ? ctx->max : COMPLETE_MAX, i, added = 0;
	struct buf ins = BUF_INIT;
	struct rank_query q;
	struct cand_set *set = NULL, rivals;
	struct query qy;
	const struct cand *c;
	const char *abs;
	int nrivals = 0;

	if (n == 0 || (n > 1 && !keywords[n - 1][0]))
		return 0; /* nothing to complete after earlier keywords */
	rank_query_init(&q, keywords, n);
	memset(&rivals, 0, sizeof(rivals)); /* released whatever happens */
	query_open(&qy, QUERY_COMPLETE, ctx->db, ctx->cwd, ctx->now);
	/* only what could match: a repository may hold a million folders */
	if (query_find(&qy, &q, max) < 0) {
		added = (size_t)-1;
		goto out;
	}
	while (added < max && (c = query_next(&qy, &abs))) {
		const char *label;
		set = query_set(&qy);
		if (listed_locally(out, abs, ctx->cwd))
			continue;
		label = set->root && c->len ? cand_path(set, c) : abs;
		add_item(out, COMPLETE_TARGET, label, label);
		out->v[out->n - 1].kind = (int)(c - set->v); /* the candidate, until the forms are known */
		added++;
	}
	if (qy.failed) {
		added = (size_t)-1;
		goto out;
	}
	/* bash inserts only a single candidate: each exact form costs a pass
	   over the candidates, so lists skip them there */
	if (added && !(ctx->local_dirs && out->n > 1) && set->root) {
		nrivals = load_rivals(&qy, set, out, added, keywords, n - 1, &rivals);
		if (nrivals < 0) {
			added = (size_t)-1;
			goto out;
		}
	}
	for (i = out->n - added; i < out->n; i++) {
		const struct cand *t = &set->v[out->v[i].kind];
		const struct cand *r = nrivals ? same_in(&rivals, set, t) : NULL;
		out->v[i].kind = COMPLETE_TARGET;
		if (ctx->local_dirs && out->n > 1)
			continue;
		cand_abspath(set, t, &qy.path);
		if (r)
			insert_form(ctx, &rivals, r, qy.path.data, keywords, n - 1, first, &ins);
		else if (nrivals) {
			/* the rivals could not be weighed (the index changed
			   under us): the absolute path, a plain cd, is exact */
			buf_setlen(&ins, 0);
			buf_adds(&ins, qy.path.data);
		} else
			insert_form(ctx, set, t, qy.path.data, keywords, n - 1, first, &ins);
		free(out->v[i].insert);
		out->v[i].insert = xstrdup(ins.data);
	}
out:
	query_close(&qy);
	rank_query_release(&q);
	cand_set_release(&rivals);
	buf_release(&ins);
	return (int)added;
}

/* ---- the command line ------------------------------------------------------ */

/* Targets after the keywords WORDS[0..N), with local directories for a
 * first word that is not a path-like one. */
static int targets_and_dirs(const struct complete_ctx *ctx, char *const *words, size_t n, int first,
			    struct complete_list *out)
{
	const char *cur = words[n - 1];
	int pathlike = strchr(cur, '/') || cur[0] == '.' || cur[0] == '~';

	if (first && n == 1) {
		if (ctx->local_dirs) {
			/* a path being typed completes as a path; a name offers
			   the local directories first, then the targets */
			if (add_local_dirs(out, cur, ctx->cwd) > 0 && pathlike)
				return 0;
		} else {
			add_item(out, COMPLETE_DIRS, "", "");
			if (pathlike && cur[0] != '.')
				return 0;
		}
	}
	return complete_targets(ctx, words, n, first, out) < 0 ? -1 : 0;
}

static void dirs(const struct complete_ctx *ctx, const char *cur, struct complete_list *out)
{
	if (ctx->local_dirs)
		add_local_dirs(out, cur, ctx->cwd);
	else
		add_item(out, COMPLETE_DIRS, "", "");
}

/* A value of KIND (an option's or an operand), CHOICES for VALUE_CHOICE,
 * starting with CUR. Keywords are not done here. */
static void complete_value(const struct complete_ctx *ctx, enum value_kind kind,
                           const char *const *choices, const char *cur, struct complete_list *out)
{
	switch (kind) {
	case VALUE_CHOICE:
		add_words(out, choices, cur);
		break;
	case VALUE_COMMAND:
		add_commands(out, cur);
		break;
	case VALUE_DIR:
		dirs(ctx, cur, out);
		break;
	case VALUE_FILE:
		add_item(out, COMPLETE_FILES, "", "");
		break;
	default:
		break; /* a number, a string: nothing to offer */
	}
}

/* The arguments of command CMD, named by W[0]: W[1..N), the last being
 * completed, by CMD's row of the table. */
static int complete_subcommand(const struct complete_ctx *ctx, const struct command *cmd,
                               char *const *w, size_t n, struct complete_list *out)
{
	const struct command_option *o;
	const char *cur = w[n - 1];
	size_t i, args = 0, first_kw = 0;
	int dashdash = 0, max = cmd->operands.max;

	for (i = 1; i + 1 < n; i++) {
		if (dashdash || w[i][0] != '-' || !w[i][1]) {
			if (!args++)
				first_kw = i;
		} else if (!strcmp(w[i], "--")) {
			dashdash = 1;
		} else if ((o = args_value_next(cmd, w[i])) != NULL) {
			if (i + 2 == n) {
				/* the word being completed is its value */
				complete_value(ctx, o->value, o->choices, cur, out);
				return 0;
			}
			i++;
		}
	}
	if (!dashdash && cur[0] == '-') {
		add_options(out, cmd->options, cur);
		/* "--" goes before an operand that may start with '-' */
		if ((cmd->operands.kind == VALUE_DIR || cmd->operands.kind == VALUE_KEYWORD) &&
		    starts_with("--", cur))
			add_item(out, COMPLETE_WORD, "--", NULL);
		/* a keyword may start with '-' too */
		if (cmd->operands.kind != VALUE_KEYWORD || out->n)
			return 0;
	}
	if (cmd->operands.kind == VALUE_NONE || (max && args >= (size_t)max))
		return 0;
	if (cmd->operands.kind == VALUE_KEYWORD) {
		/* the keywords typed so far, the last being completed */
		if (!args)
			first_kw = n - 1;
		return complete_targets(ctx, w + first_kw, n - first_kw, 0, out) < 0 ? -1 : 0;
	}
	complete_value(ctx, cmd->operands.kind, cmd->operands.choices, cur, out);
	return 0;
}

/* Add the words TAB offers for a first word starting with '-' that start
 * with CUR: the jump function's own forms that take keywords, or for the
 * binary its commands named like options, then the program's options
 * (long forms). Returns how many. */
static int add_dash_words(const struct complete_ctx *ctx, const char *cur,
                          struct complete_list *out)
{
	const struct jump_form *f;
	const struct command *c;
	const struct command_option *o;
	int added = 0;

	if (ctx->mode == COMPLETE_FUNCTION) {
		for (f = jump_forms; f->word; f++)
			if (f->keywords && starts_with(f->word, cur) && ++added)
				add_item(out, COMPLETE_WORD, f->word, NULL);
	} else {
		for (c = commands; c->name; c++)
			if (c->name[0] == '-' && starts_with(c->name, cur) && ++added)
				add_item(out, COMPLETE_WORD, c->name, NULL);
	}
	for (o = program_options; o->key; o++)
		added += add_option(out, o, 0, cur);
	return added;
}

int complete_words(const struct complete_ctx *ctx, char *const *words, size_t n,
                   struct complete_list *out)
{
	const char *cur = words[n - 1];
	const struct jump_form *form = NULL;
	const struct command *cmd;

	if (n == 1) {
		if (ctx->mode == COMPLETE_BINARY) {
			if (cur[0] == '-')
				add_dash_words(ctx, cur, out);
			else
				add_commands(out, cur);
			return 0;
		}
		if (cur[0] == '-' && add_dash_words(ctx, cur, out) > 0)
			return 0;
		if (cur[0] && cur[0] != '-' && add_commands(out, cur) > 0) {
			if (ctx->local_dirs)
				add_local_dirs(out, cur, ctx->cwd);
			else
				add_item(out, COMPLETE_DIRS, "", "");
			return 0;
		}
		return targets_and_dirs(ctx, words, n, 1, out);
	}
	if (ctx->mode == COMPLETE_FUNCTION)
		form = jump_form_find(words[0]);
	if (form && form->keywords)
		return complete_targets(ctx, words + 1, n - 1, 0, out) < 0 ? -1 : 0;
	cmd = command_find(words[0]);
	if (cmd)
		return complete_subcommand(ctx, cmd, words, n, out);
	if (ctx->mode == COMPLETE_BINARY)
		return 0;
	if (words[0][0] == '-' && words[0][1])
		return 0; /* --help, --version take nothing */
	return complete_targets(ctx, words, n, 1, out) < 0 ? -1 : 0;
}
