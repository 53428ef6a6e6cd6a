/* complete_targets.c - the jump targets TAB offers: ranked by the query
 * pipeline, each with the text that, typed in place of the word, takes
 * the jump function exactly there */
#include "complete.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "query.h"
#include "repo.h"

/* Is FORM, the jump function's only keyword (FIRST: its first argument),
 * decided without ranking: empty, a reserved word, or a path (an existing
 * directory from here is a plain cd; an absolute path is never a query)?
 * Then *LANDS says whether it takes the function to TABS, an existing
 * directory. resolves() and load_rivals() both ask, so rivals are loaded
 * exactly for the forms that are ranked. */
static int plain_form(const struct complete_ctx *ctx, const char *form, const char *tabs, int first,
                      int *lands)
{
	char *abs;
	struct stat a, b;
	int same, dir;

	*lands = 0;
	if (!form[0] || (first && jump_reserved(form)))
		return 1;
	abs = repo_absolute(form, ctx->cwd);
	same = !strcmp(abs, tabs);
	/* the form read from here is often the target itself */
	dir = same || (stat(abs, &a) == 0 && S_ISDIR(a.st_mode));
	free(abs);
	if (dir)
		*lands =
		    first &&
		    (same || (stat(tabs, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino));
	return dir || form[0] == '/';
}

/* Does the jump function, given the keywords BEFORE[0..NB) and FORM, land
 * on candidate T of SET, whose absolute path is TABS, an existing
 * directory? FIRST: FORM is its first argument. The set is left alone. */
static int resolves(const struct complete_ctx *ctx, struct cand_set *set, const struct cand *t,
                    const char *tabs, char *const *before, size_t nb, const char *form, int first)
{
	struct rank_query q;
	struct cand_set scratch;
	size_t i;
	char **kw;
	int ok;

	if (!form[0])
		return 0;
	if (nb == 0 && plain_form(ctx, form, tabs, first, &ok))
		return ok;
	kw = xcalloc(nb + 1, sizeof(*kw));
	for (i = 0; i < nb; i++)
		kw[i] = before[i];
	kw[nb] = (char *)form;
	rank_query_init(&q, kw, nb + 1);
	free(kw);
	/* ranked as the jump ranks, relations between matches included, on
	   a copy of the candidates that could match, sharing their strings
	   (the set holds the rivals of every target's forms) */
	scratch = *set;
	scratch.v = xmalloc((set->n + 1) * sizeof(*scratch.v));
	scratch.n = 0;
	for (i = 0; i < set->n; i++)
		if (set->v[i].frecency > 0 || cand_could_match(&q, set, &set->v[i]))
			scratch.v[scratch.n++] = set->v[i];
	ok = rank_run_best(&q, &scratch, 1) > 0 && scratch.v[0].path == t->path;
	free(scratch.v);
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
                        const char *tabs, char *const *before, size_t nb, int first,
                        struct buf *out)
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
static int load_rivals(const struct complete_ctx *ctx, struct query *qy, struct cand_set *set,
                       const struct complete_list *out, size_t added, char *const *before,
                       size_t nb, int first, struct cand_set *comp)
{
	const struct rank_query **qs = NULL, **fqs = NULL;
	struct rank_query *q = NULL, *fq = NULL, form;
	const char **forms = NULL;
	char **kw = xcalloc(nb + 1, sizeof(*kw));
	size_t i, j, k, nq = 0, cap = 0, nf, nfq = 0, fcap = 0, *of = NULL;
	struct buf tabs = BUF_INIT;
	int ret;

	for (i = 0; i < nb; i++)
		kw[i] = before[i];
	for (i = out->n - added; i < out->n; i++) {
		const struct cand *t = &set->v[out->v[i].kind];
		if (!t->len)
			continue;
		/* its path from the root, a folder from here too: a plain cd */
		if (nb == 0) {
			int lands;
			cand_abspath(set, t, &tabs);
			if (plain_form(ctx, cand_path(set, t), tabs.data, first, &lands))
				continue;
		}
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
			for (k = 0; k < nq; k++)
				if (q[k].n && q[nq].n && !strcmp(q[k].kw[0], q[nq].kw[0]))
					break;
			if (!q[nq].n) {
				rank_query_release(&q[nq]); /* no filter */
				rank_query_release(&form);
				continue;
			}
			if (k < nq)
				rank_query_release(&q[nq]); /* the same filter */
			else
				nq++;
			/* the form whole, which only some of what the filter
			   passes can match */
			if (nfq == fcap) {
				fcap = fcap ? 2 * fcap : 16;
				fq = xrealloc(fq, fcap * sizeof(*fq));
				of = xrealloc(of, fcap * sizeof(*of));
			}
			fq[nfq] = form;
			of[nfq++] = k;
		}
	}
	ret = (int)nq;
	if (nq) {
		qs = xcalloc(nq, sizeof(*qs));
		for (i = 0; i < nq; i++)
			qs[i] = &q[i];
		fqs = xcalloc(nfq + 1, sizeof(*fqs));
		for (i = 0; i < nfq; i++)
			fqs[i] = &fq[i];
		/* from the snapshot SET was loaded from, still mapped */
		cand_set_init(comp, set->root);
		if (set->cwd)
			cand_set_where(comp, set->cwd, set->cwdlen, set->projlen);
		if (cand_load_forms(comp, &qy->snap, qy->db, qy->now, qs, nq, fqs, of, nfq) < 0)
			ret = -1;
	}
	for (i = 0; i < nq; i++)
		rank_query_release(&q[i]);
	for (i = 0; i < nfq; i++)
		rank_query_release(&fq[i]);
	free(q);
	free(qs);
	free(fq);
	free(fqs);
	free(of);
	buf_release(&tabs);
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
	struct buf ins = BUF_INIT, abspath = BUF_INIT;
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
		complete_add(out, COMPLETE_TARGET, label, label);
		out->v[out->n - 1].kind =
		    (int)(c - set->v); /* the candidate, until the forms are known */
		added++;
	}
	if (qy.failed) {
		added = (size_t)-1;
		goto out;
	}
	/* bash inserts only a single candidate: each exact form costs a pass
	   over the candidates, so lists skip them there */
	if (added && !(ctx->local_dirs && out->n > 1) && set->root) {
		nrivals = load_rivals(ctx, &qy, set, out, added, keywords, n - 1, first, &rivals);
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
		cand_abspath(set, t, &abspath);
		if (r)
			insert_form(ctx, &rivals, r, abspath.data, keywords, n - 1, first, &ins);
		else if (nrivals) {
			/* the rivals could not be weighed (the index changed
			   under us): the absolute path, a plain cd, is exact */
			buf_setlen(&ins, 0);
			buf_adds(&ins, abspath.data);
		} else
			insert_form(ctx, set, t, abspath.data, keywords, n - 1, first, &ins);
		free(out->v[i].insert);
		out->v[i].insert = xstrdup(ins.data);
	}
	query_refresh_later(&qy);
out:
	query_close(&qy);
	rank_query_release(&q);
	cand_set_release(&rivals);
	buf_release(&ins);
	buf_release(&abspath);
	return (int)added;
}
