/* rank.c - match candidates against keywords and order them (DESIGN §4) */
#include "rank.h"

#include <stdlib.h>
#include <string.h>

#include "score.h"
#include "testcode.h"

static void query_push(struct rank_query *q, const char *s, size_t len)
{
	if (!len)
		return;
	q->kw = xrealloc(q->kw, (q->n + 1) * sizeof(*q->kw));
	q->len = xrealloc(q->len, (q->n + 1) * sizeof(*q->len));
	q->kw[q->n] = match_normalize(xmemdup(s, len));
	q->len[q->n] = len;
	q->n++;
}

void rank_query_init(struct rank_query *q, char *const *keywords, size_t n)
{
	struct buf k = BUF_INIT;
	size_t i;

	memset(q, 0, sizeof(*q));
	while (n && !keywords[n - 1][0])
		n--;
	for (i = 0; i < n; i++) {
		const char *slash;

		buf_setlen(&k, 0);
		buf_adds(&k, keywords[i]);
		if (k.data[0] == ':' && k.len > 1) {
			/* Gradle's project path: ":exporters:common" */
			char *c;
			for (c = k.data; *c; c++)
				if (*c == ':')
					*c = '/';
			memmove(k.data, k.data + 1, k.len);
			k.len--;
		}
		/* trailing slashes say "a directory", which all candidates are */
		while (k.len > 1 && k.data[k.len - 1] == '/')
			buf_setlen(&k, k.len - 1);
		if (i + 1 < n) {
			query_push(q, k.data, k.len);
			continue;
		}
		q->nbefore = q->n;
		q->full = match_normalize(xmemdup(keywords[i], strlen(keywords[i])));
		q->fulllen = strlen(q->full);
		slash = memrchr(k.data, '/', k.len);
		if (slash && slash > k.data && (size_t)(slash - k.data) + 1 < k.len) {
			/* "api/user": "api" along the path, "user" last */
			query_push(q, k.data, (size_t)(slash - k.data));
			query_push(q, slash + 1, k.len - (size_t)(slash - k.data) - 1);
		} else {
			query_push(q, k.data, k.len);
		}
	}
	buf_release(&k);
}

void rank_query_last(struct rank_query *out, const struct rank_query *q)
{
	memset(out, 0, sizeof(*out));
	if (!q->n)
		return;
	/* the last keyword is a subsequence of the whole last one as typed
	   (a tail of it, or its Gradle form): it may stand for both */
	query_push(out, q->kw[q->n - 1], q->len[q->n - 1]);
	out->full = xmemdup(out->kw[0], out->len[0]);
	out->fulllen = out->len[0];
}

void rank_query_release(struct rank_query *q)
{
	size_t i;
	for (i = 0; i < q->n; i++)
		free(q->kw[i]);
	free(q->kw);
	free(q->len);
	free(q->full);
	memset(q, 0, sizeof(*q));
}

/* Keep the better of two matches. */
static void better(struct match *best, const struct match *m)
{
	if (m->cls > best->cls || (m->cls == best->cls && m->score > best->score))
		*best = *m;
}

/* Do keywords KW[0..N) appear in order in PATH[0..LEN)? Returns the offset
 * just past the last one (0 for none), or -1. */
static long along_path(const struct rank_query *q, size_t n, const char *path, size_t len)
{
	size_t i, at = 0;

	for (i = 0; i < n; i++) {
		long end = match_find(q->kw[i], q->len[i], path, len, at);
		if (end < 0)
			return -1;
		at = (size_t)end;
	}
	return (long)at;
}

/* The short form of a declared name, as users type it: the last element of
 * a path-like name ("@acme/ui" -> "ui", "example.com/x/foo/v2" -> "foo").
 * Returns NAME itself when there is no shorter form. */
static const char *short_name(const char *name, size_t len, size_t *outlen)
{
	const char *slash;
	size_t n = len;

	slash = memrchr(name, '/', n);
	if (slash && slash[1] == 'v' && slash[2] >= '0' && slash[2] <= '9' &&
	    strspn(slash + 2, "0123456789") == n - (size_t)(slash + 2 - name))
		n = (size_t)(slash - name); /* a Go major version suffix */
	slash = memrchr(name, '/', n);
	if (!slash) {
		*outlen = n;
		return name;
	}
	*outlen = n - (size_t)(slash + 1 - name);
	return slash + 1;
}

/* How many of the keywords before the last name a whole folder of
 * PATH[0..LEN) ("io" in "tokio/src/io", not in "tokio/src")? */
static uint8_t whole_folders(const struct rank_query *q, const char *path, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i + 1 < q->n && n < 255; i++) {
		size_t start = 0, k;
		for (k = 0; k <= len; k++) {
			if (k < len && path[k] != '/')
				continue;
			if (k - start == q->len[i]) {
				struct match m;
				if (match_name(q->kw[i], q->len[i], path + start, k - start, &m) ==
				    MATCH_EXACT) {
					n++;
					break;
				}
			}
			start = k + 1;
		}
	}
	return (uint8_t)n;
}

int rank_match(const struct rank_query *q, const struct cand_set *set, struct cand *c)
{
	const char *path = cand_path(set, c), *last, *slash;
	size_t lastlen, parentlen;
	struct match best = {MATCH_NONE, 0}, m;

	c->cls = MATCH_NONE;
	if (!q->n) {
		/* no keywords: everything, by frecency */
		c->cls = MATCH_FUZZY;
		c->score = 0;
		return 1;
	}
	if (c->len == 0 && set->root) {
		/* the repository root: its own name is its last component */
		slash = strrchr(set->root, '/');
		last = slash ? slash + 1 : set->root;
		lastlen = strlen(last);
		parentlen = 0;
	} else {
		slash = memrchr(path, '/', c->len);
		last = slash ? slash + 1 : path;
		lastlen = c->len - (size_t)(last - path);
		parentlen = slash ? (size_t)(slash - path) : 0;
	}

	/* the folder: earlier keywords along the parent path, the last one in
	   the last component; or all of them in order in the last component
	   ("with space" for the folder "with space") */
	if (match_name(q->kw[q->n - 1], q->len[q->n - 1], last, lastlen, &m)) {
		long at = along_path(q, q->n - 1, path, parentlen);
		if (at < 0 && c->len) {
			struct match rest;
			at = along_path(q, q->n - 1, path, c->len);
			if (at >= 0 && !match_name(q->kw[q->n - 1], q->len[q->n - 1], path + at,
			                           c->len - (size_t)at, &rest))
				at = -1;
		}
		if (at >= 0)
			better(&best, &m);
	}

	/* the declared name answers the last keyword whole, in full or short */
	c->flags &= ~CAND_BY_NAME;
	if (c->namelen && along_path(q, q->nbefore, path, c->len) >= 0) {
		const char *name = set->arena.data + c->name, *s;
		struct match folder = best;
		size_t slen;

		if (match_name(q->full, q->fulllen, name, c->namelen, &m))
			better(&best, &m);
		s = short_name(name, c->namelen, &slen);
		if ((s != name || slen != c->namelen) &&
		    match_name(q->full, q->fulllen, s, slen, &m))
			better(&best, &m);
		if (best.cls != folder.cls || best.score != folder.score)
			c->flags |= CAND_BY_NAME;
	}
	if (best.cls == MATCH_NONE)
		return 0;
	c->cls = (uint8_t)best.cls;
	c->score = best.score;
	c->whole = q->n > 1 ? whole_folders(q, path, parentlen) : 0;
	/* computed once per candidate; snapshot entries arrive with it known */
	if (!(c->flags & CAND_TEST_KNOWN))
		c->flags |= CAND_TEST_KNOWN | (testcode_path(path, 0, c->len) ? CAND_TEST : 0);
	return 1;
}

/* Exact names, prefixes and whole words are strong matches: for a single
 * keyword, the name of a place the user goes to, history decides among
 * them first. Several keywords describe the path, so there the match class
 * comes first. Substrings and fuzzy matches are never lifted over a strong
 * match, whatever their history. */
static int tier(const struct cand_set *set, const struct cand *c)
{
	if (set->nkeywords > 1)
		return c->cls;
	return c->cls >= MATCH_WORD ? MATCH_WORD : c->cls;
}

/* The repository root, matched by the name of its folder (not by a name
 * its manifest declares)? */
static int root_by_folder(const struct cand *c)
{
	return c->len == 0 && !(c->flags & CAND_BY_NAME);
}

/* Frecency as ranking sees it: the match visited last, minutes ago, counts
 * FRECENCY_LATEST times (see score.h). */
static double weighed(const struct cand *c)
{
	return c->latest ? c->frecency * FRECENCY_LATEST : c->frecency;
}

int rank_compare(const struct cand_set *set, const struct cand *a, const struct cand *b)
{
	int r;

	if (tier(set, a) != tier(set, b))
		return tier(set, a) > tier(set, b) ? -1 : 1;
	if (weighed(a) != weighed(b))
		return weighed(a) > weighed(b) ? -1 : 1;
	if (a->recent != b->recent)
		return a->recent > b->recent ? -1 : 1;
	if ((a->cls == MATCH_EXACT) != (b->cls == MATCH_EXACT))
		return a->cls == MATCH_EXACT ? -1 : 1;
	/* a folder named like the repository's own folder before the root
	   matched by that name: bare mcd already goes to the root */
	if (set->root && root_by_folder(a) != root_by_folder(b))
		return root_by_folder(a) ? 1 : -1;
	if ((a->flags & CAND_TEST) != (b->flags & CAND_TEST))
		return (a->flags & CAND_TEST) ? 1 : -1;
	if ((a->flags & CAND_PROJECT) != (b->flags & CAND_PROJECT))
		return (a->flags & CAND_PROJECT) ? -1 : 1;
	/* "io util": io/util, where io is a folder, before tokio/src/util */
	if (a->whole != b->whole)
		return a->whole > b->whole ? -1 : 1;
	if (a->cls != b->cls)
		return a->cls > b->cls ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	r = memcmp(cand_path(set, a), cand_path(set, b), a->len);
	return r;
}

static int compare_cb(const void *a, const void *b, void *set)
{
	return rank_compare(set, a, b);
}

/* Past this many to show, a query sorts every match (select_best()). */
#define SELECT_MAX 256

/* Put the best K of SET->v[0..N) in order at the front, each of the
 * rest ranking after them: the first K sorted, then every other one that
 * beats the last of them put in its place (that one to the rest). */
static void select_best(struct cand_set *set, size_t n, size_t k)
{
	size_t j;

	qsort_r(set->v, k, sizeof(*set->v), compare_cb, set);
	for (j = k; j < n; j++) {
		struct cand t = set->v[j];
		size_t lo = 0, hi = k - 1;
		if (rank_compare(set, &t, &set->v[k - 1]) >= 0)
			continue;
		while (lo < hi) { /* the first kept that T beats */
			size_t mid = lo + (hi - lo) / 2;
			if (rank_compare(set, &t, &set->v[mid]) < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		set->v[j] = set->v[k - 1];
		memmove(&set->v[lo + 1], &set->v[lo], (k - 1 - lo) * sizeof(*set->v));
		set->v[lo] = t;
	}
}

void rank_sort_rest(struct cand_set *set, size_t from, size_t n)
{
	if (from < n && n - from > 1)
		qsort_r(set->v + from, n - from, sizeof(*set->v), compare_cb, set);
}

size_t rank_run(const struct rank_query *q, struct cand_set *set)
{
	return rank_run_best(q, set, 0);
}

size_t rank_run_best(const struct rank_query *q, struct cand_set *set, size_t k)
{
	size_t i, n = 0;

	struct cand *latest = NULL;

	set->nkeywords = q->n;
	for (i = 0; i < set->n; i++) {
		set->v[i].latest = 0;
		if (rank_match(q, set, &set->v[i])) {
			if (i != n) {
				struct cand t = set->v[n];
				set->v[n] = set->v[i];
				set->v[i] = t;
			}
			n++;
		}
	}
	for (i = 0; i < n; i++)
		if (set->v[i].recent && (!latest || set->v[i].recent > latest->recent))
			latest = &set->v[i];
	if (latest)
		latest->latest = 1;
	/* a one-letter keyword matches a third of a large repository,
	   and sorting it all was most of the time; selecting costs K
	   moves an insertion, so a large K sorts it all */
	if (k && k <= SELECT_MAX && n / 4 > k)
		select_best(set, n, k);
	else
		rank_sort_rest(set, 0, n);
	return n;
}
