/* rank.c - match candidates against keywords and order them (DESIGN §4) */
#include "rank.h"

#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "score.h"
#include "snapshot.h"
#include "testcode.h"

/* Keep the better of two matches. */
static void better(struct match *best, const struct match *m)
{
	if (m->cls > best->cls || (m->cls == best->cls && m->score > best->score))
		*best = *m;
}

/* Is PATH[0..LEN) the folder DIR (DIRLEN bytes) or below it? "" is the
 * repository root, above every path. */
static int at_or_below(const char *dir, size_t dirlen, const char *path, size_t len)
{
	return dirlen == 0 || (dirlen <= len && !memcmp(dir, path, dirlen) &&
	                       (dirlen == len || path[dirlen] == '/'));
}

/* Earlier keyword I through an anchor: the end of a folder declaring it
 * by name that is PATH[0..LEN) or holds it, at or after AT; or -1. */
static long anchored(const struct rank_query *q, const struct cand_set *set, size_t i,
                     const char *path, size_t len, size_t at)
{
	size_t k;

	if (!set->root)
		return -1; /* anchors are the repository's folders */
	for (k = 0; k < q->nanchors; k++) {
		const struct rank_anchor *a = &q->anchors[k];
		if (a->kw == i && a->len >= at && at_or_below(a->path, a->len, path, len))
			return (long)a->len;
	}
	return -1;
}

/* KW (normalised, KLEN >= 2 bytes) as an abbreviation of one component of
 * PATH[0..LEN) starting at or after FROM: its first letter first, the rest
 * in order inside that component ("cfg" for "config"). Returns the offset
 * just past the component, or -1. */
static long abbreviation(const char *kw, size_t klen, const char *path, size_t len, size_t from)
{
	size_t s, e, at;

	if (klen < 2)
		return -1;
	for (s = from; s < len; s = e + 1) {
		for (e = s; e < len && path[e] != '/'; e++)
			;
		if (s > 0 && path[s - 1] != '/')
			continue; /* the rest of a component begun before FROM */
		at = s + 1;
		if (prefilter_fold((unsigned char)path[s]) == (unsigned char)kw[0] &&
		    prefilter_subseq(kw + 1, klen - 1, path, e, &at))
			return (long)e;
	}
	return -1;
}

/* Do keywords KW[0..N) appear in order in PATH[0..LEN)? Each as a
 * substring; failing that, through an anchor (a folder declaring it as its
 * name); failing that, as an abbreviation of one component. The last two
 * are counted in *ABBREV: a path that holds the keyword itself comes
 * first. Returns the offset just past the last one (0 for none), or -1. */
static long along_path(const struct rank_query *q, const struct cand_set *set, size_t n,
                       const char *path, size_t len, uint8_t *abbrev)
{
	size_t i, at = 0;

	*abbrev = 0;
	for (i = 0; i < n; i++) {
		long end = match_find(q->kw[i], q->len[i], path, len, at);
		if (end < 0 && i < q->nbefore && (end = anchored(q, set, i, path, len, at)) >= 0)
			(*abbrev)++;
		if (end < 0) {
			end = abbreviation(q->kw[i], q->len[i], path, len, at);
			if (end < 0)
				return -1;
			(*abbrev)++;
		}
		at = (size_t)end;
	}
	return (long)at;
}

/* How many of the keywords before the last name a whole folder of
 * PATH[0..LEN) ("io" in "tokio/src/io", not in "tokio/src")? */
static uint8_t whole_folders(const struct rank_query *q, const struct cand_set *set,
                             const char *path, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i + 1 < q->n && n < 255; i++) {
		size_t start = 0, k;
		if (i < q->nbefore && anchored(q, set, i, path, len, 0) >= 0) {
			n++; /* a folder named so by its manifest */
			continue;
		}
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

/* How many folders of PATH[0..LEN) (DEPTH of them) lie between it and the
 * working directory CWD[0..CWDLEN) (CWDDEPTH folders; the same kind of
 * path, relative or absolute): up from CWD to the deepest folder both are
 * in, then down to PATH. */
static uint16_t folders_away(const char *path, size_t len, size_t depth, const char *cwd,
                             size_t cwdlen, size_t cwddepth)
{
	size_t i = 0, shared = 0, away;

	while (i < len && i < cwdlen && path[i] == cwd[i]) {
		if (path[i] == '/' && i > 0)
			shared++;
		i++;
	}
	if (i > 0 && (i == len || path[i] == '/') && (i == cwdlen || cwd[i] == '/'))
		shared++; /* the last one shared, whole */
	if (shared > depth)
		shared = depth;
	away = (cwddepth > shared ? cwddepth - shared : 0) + depth - shared;
	return (uint16_t)(away < UINT16_MAX ? away : UINT16_MAX);
}

/* The declared NAME (LEN bytes) of a candidate against Q's last keyword,
 * into BEST: as a name, never word by word along a module path. A name
 * like a path ("@acme/ui", "github.com/acme/kratos/contrib/etcd/v3") is
 * matched whole only exactly or by its start; its short form ("ui",
 * "etcd") as any name is. */
static void match_declared(const struct rank_query *q, const char *name, size_t len,
                           struct match *best)
{
	struct match m;
	const char *s;
	size_t slen;

	if (match_name(q->full, q->fulllen, name, len, &m) &&
	    (m.cls >= MATCH_PREFIX || !memchr(name, '/', len)))
		better(best, &m);
	s = rank_short_name(name, len, &slen);
	if ((s != name || slen != len) && match_name(q->full, q->fulllen, s, slen, &m))
		better(best, &m);
}

/* How many folders lie between where the earlier keywords end, at AT in
 * PATH, and the last component, which starts past PARENTLEN: "pyspark
 * streaming" spans none in pyspark/streaming, one in pyspark/sql/streaming.
 * The last earlier keyword counts where it last occurs. */
static uint8_t span_of(const struct rank_query *q, const char *path, size_t parentlen, long at)
{
	const char *kw = q->kw[q->n - 2];
	size_t len = q->len[q->n - 2], from = (size_t)at, k, n = 0;
	long e, s;

	if (at < 0 || (size_t)at > parentlen)
		return 0;
	for (s = at >= (long)len ? at - (long)len + 1 : 0;
	     (e = match_find(kw, len, path, parentlen, (size_t)s)) >= 0; s = e - (long)len + 1)
		from = (size_t)e;
	for (k = from; k < parentlen; k++)
		n += path[k] == '/';
	return (uint8_t)(n < 255 ? n : 255);
}

enum match_class rank_strong(const struct rank_query *q, const char *comp, size_t complen,
                             const char *name, size_t namelen)
{
	enum match_class best = match_strong(q->kw[0], q->len[0], comp, complen), m;
	const char *s;
	size_t slen;

	if (!namelen || best == MATCH_EXACT)
		return best;
	/* as match_declared(): a path-like name whole only by its start */
	m = match_strong(q->full, q->fulllen, name, namelen);
	if (m >= MATCH_PREFIX || !memchr(name, '/', namelen))
		best = m > best ? m : best;
	s = rank_short_name(name, namelen, &slen);
	if (s != name || slen != namelen) {
		m = match_strong(q->full, q->fulllen, s, slen);
		best = m > best ? m : best;
	}
	return best;
}

int rank_match(const struct rank_query *q, const struct cand_set *set, struct cand *c)
{
	const char *path = cand_path(set, c), *last, *slash;
	size_t lastlen, parentlen;
	struct match best = {MATCH_NONE, 0}, m;
	uint8_t abbrev = 0, ab, span = 0;

	c->cls = MATCH_NONE;
	c->flags &= ~CAND_QUERY_FLAGS;
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
	c->away = 0;
	if (set->cwd && c->len == set->cwdlen && !memcmp(path, set->cwd, c->len))
		c->flags |= CAND_CWD;
	if (!q->n) {
		/* no keywords: everything, by frecency */
		c->cls = MATCH_FUZZY;
		c->score = 0;
		return 1;
	}

	/* the folder: earlier keywords along the parent path, the last one in
	   the last component; or all of them in order in the last component
	   ("with space" for the folder "with space") */
	if (match_name(q->kw[q->n - 1], q->len[q->n - 1], last, lastlen, &m)) {
		long at = along_path(q, set, q->n - 1, path, parentlen, &abbrev);
		if (at < 0 && c->len) {
			struct match rest;
			at = along_path(q, set, q->n - 1, path, c->len, &abbrev);
			if (at >= 0 && !match_name(q->kw[q->n - 1], q->len[q->n - 1], path + at,
			                           c->len - (size_t)at, &rest))
				at = -1;
		}
		if (at >= 0) {
			better(&best, &m);
			span = q->n > 1 ? span_of(q, path, parentlen, at) : 0;
		}
	}

	/* the declared name answers the last keyword whole, in full or short */
	if (c->namelen && along_path(q, set, q->nbefore, path, c->len, &ab) >= 0) {
		struct match folder = best;
		match_declared(q, set->arena.data + c->name, c->namelen, &best);
		if (best.cls != folder.cls || best.score != folder.score) {
			c->flags |= CAND_BY_NAME;
			abbrev = ab;
			span = 0;
		}
	}
	if (best.cls == MATCH_NONE)
		return 0;
	c->cls = (uint8_t)best.cls;
	c->score = best.score;
	c->abbrev = abbrev;
	c->span = span;
	c->whole = q->n > 1 ? whole_folders(q, set, path, parentlen) : 0;
	if ((c->flags & CAND_BY_NAME) && q->n > q->nbefore + 1)
		c->whole +=
		    (uint8_t)(q->n - q->nbefore - 1); /* "k8s.io/kubernetes": a name, whole */
	/* how near the user: what orders one keyword's matches late, so only
	   for them, and only for a match */
	if (set->cwd && q->n == 1) {
		c->away =
		    folders_away(path, c->len, c->depth, set->cwd, set->cwdlen, set->cwddepth);
		if (set->projlen >= 0 && at_or_below(set->cwd, (size_t)set->projlen, path, c->len))
			c->flags |= CAND_NEAR;
	}
	/* computed once per candidate; snapshot entries arrive with it known */
	if (!(c->flags & CAND_TEST_KNOWN))
		c->flags |= CAND_TEST_KNOWN | (testcode_path(path, 0, c->len) ? CAND_TEST : 0);
	return 1;
}

/* ---- relations between matches (DESIGN §4, rules 1 and 2) ------------------ */

/* Past this many strong matches (a keyword of a letter or two in a large
 * repository), their relations are not weighed: they name no project, and
 * the walk would cost more than the query. */
#define RELATIONS_MAX 20000

static int strong(const struct cand *c)
{
	return c->cls >= MATCH_WORD;
}

/* Does the strong match C answer for the folders it holds: a project (not
 * the root) whose own folder is named by the keyword? A declared name is
 * not enough: dev/breeze declares apache-airflow-breeze, and holds the
 * package folder src/airflow_breeze that `mcd airflow_breeze` means. */
static int answers(const struct cand *c)
{
	return c->len && (c->flags & CAND_PROJECT) && !(c->flags & CAND_BY_NAME);
}

static int by_path(const void *a, const void *b, void *arg)
{
	const struct cand_set *set = arg;
	const struct cand *x = &set->v[*(const uint32_t *)a], *y = &set->v[*(const uint32_t *)b];

	return snapshot_cmp(cand_path(set, x), x->len, cand_path(set, y), y->len);
}

/* The strong matches among SET->v[0..N), in snapshot order, into a new
 * array of *COUNT indices: the indexed ones keep the order they were
 * loaded in (sorted again only if a picker's ranking moved them), the few
 * visited ones that are not indexed are merged in. */
static uint32_t *strong_in_order(struct cand_set *set, size_t n, size_t *count)
{
	uint32_t *v = xmalloc((n + 1) * sizeof(*v)), *tmp;
	size_t i, ni = 0, nh = 0, a, b, k;
	int sorted = 1;

	for (i = 0; i < n; i++)
		if (strong(&set->v[i]) && (set->v[i].flags & CAND_INDEXED)) {
			if (ni && sorted && by_path(&v[ni - 1], &(uint32_t){(uint32_t)i}, set) > 0)
				sorted = 0;
			v[ni++] = (uint32_t)i;
		}
	if (!sorted)
		qsort_r(v, ni, sizeof(*v), by_path, set);
	for (i = 0; i < n; i++)
		if (strong(&set->v[i]) && !(set->v[i].flags & CAND_INDEXED))
			v[ni + nh++] = (uint32_t)i;
	*count = ni + nh;
	if (!nh)
		return v;
	qsort_r(v + ni, nh, sizeof(*v), by_path, set);
	tmp = xmalloc((ni + nh) * sizeof(*tmp));
	for (a = 0, b = ni, k = 0; a < ni || b < ni + nh;)
		tmp[k++] =
		    b == ni + nh || (a < ni && by_path(&v[a], &v[b], set) <= 0) ? v[a++] : v[b++];
	free(v);
	return tmp;
}

/* Mark, among the N matches of SET, what their folders' nesting says: a
 * strong match inside a project (not the root) that matches as a name
 * defers to it, unless the user visits it (rule 2: `netty` reaches the
 * module server-netty, not its package folder .../io/acme/server/netty);
 * an exact name that is a project's, or that holds another strong match,
 * is protected from frecency (rule 1: `mcd core` reaches core, not the
 * often visited core/core-loggers). */
static void weigh_relations(struct cand_set *set, size_t n)
{
	uint32_t *order, *stack;
	size_t count, i, depth = 0, nproj = 0;

	set->exact_first = 0;
	for (i = 0; i < n; i++)
		if (set->v[i].cls == MATCH_EXACT && (set->v[i].flags & CAND_PROJECT) &&
		    (set->v[i].len || (set->v[i].flags & CAND_BY_NAME)))
			set->v[i].flags |= CAND_PROTECTED;
	order = strong_in_order(set, n, &count);
	/* counted as the whole repository's, what cand_load_best() left out
	   too, so a set loaded so is ranked as the whole would be */
	if (count + set->strong_unloaded < 2 || count + set->strong_unloaded > RELATIONS_MAX) {
		free(order);
		return;
	}
	stack = xmalloc((count + 1) * sizeof(*stack));
	for (i = 0; i < count; i++) {
		struct cand *c = &set->v[order[i]];
		size_t k;

		while (depth) {
			const struct cand *up = &set->v[stack[depth - 1]];
			if (snapshot_is_below(cand_path(set, up), up->len, cand_path(set, c),
			                      c->len))
				break;
			if (answers(up))
				nproj--;
			depth--;
		}
		for (k = 0; k < depth; k++)
			if (set->v[stack[k]].cls == MATCH_EXACT && set->v[stack[k]].len)
				set->v[stack[k]].flags |= CAND_PROTECTED;
		if (nproj && c->frecency == 0 && !(c->flags & CAND_PROJECT))
			c->flags |= CAND_DEFERRED;
		stack[depth++] = order[i];
		if (answers(c))
			nproj++;
	}
	free(stack);
	free(order);
	set->exact_first = set->exact_unloaded;
	for (i = 0; i < n; i++)
		if (set->v[i].flags & CAND_PROTECTED)
			set->exact_first = 1;
}

/* ---- the order ---------------------------------------------------------------- */

/* Exact names, prefixes and whole words are strong matches: for a single
 * keyword, the name of a place the user goes to, history decides among
 * them first. Several keywords describe the path, so there the match class
 * comes first. Substrings, typos and fuzzy matches are never lifted over a
 * strong match, whatever their history. A strong match a project answers
 * for comes right after the strong ones. */
static int tier(const struct cand_set *set, const struct cand *c)
{
	if (c->flags & CAND_DEFERRED)
		return 2 * MATCH_WORD - 1;
	if (set->nkeywords > 1)
		return 2 * c->cls;
	return 2 * (c->cls >= MATCH_WORD ? MATCH_WORD : c->cls);
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

static int code_project(const struct cand *c)
{
	return (c->flags & CAND_PROJECT) && !(c->flags & CAND_TEST);
}

int rank_compare(const struct cand_set *set, const struct cand *a, const struct cand *b)
{
	/* a jump never leaves the user where they are while it can go on */
	if ((a->flags & CAND_CWD) != (b->flags & CAND_CWD))
		return (a->flags & CAND_CWD) ? 1 : -1;
	if (tier(set, a) != tier(set, b))
		return tier(set, a) > tier(set, b) ? -1 : 1;
	/* an exact name of a project, or of a folder holding another match,
	   is never beaten by the frecency of a prefix or a word: then exact
	   names come first, and frecency orders them */
	if (set->exact_first && set->nkeywords == 1 &&
	    (a->cls == MATCH_EXACT) != (b->cls == MATCH_EXACT))
		return a->cls == MATCH_EXACT ? -1 : 1;
	if (weighed(a) != weighed(b))
		return weighed(a) > weighed(b) ? -1 : 1;
	if (a->recent != b->recent)
		return a->recent > b->recent ? -1 : 1;
	/* "cfg nacos": config/nacos before a path that holds the letters, or
	   a folder that declares the name */
	if (a->abbrev != b->abbrev)
		return a->abbrev < b->abbrev ? -1 : 1;
	if ((a->cls == MATCH_EXACT) != (b->cls == MATCH_EXACT))
		return a->cls == MATCH_EXACT ? -1 : 1;
	/* a folder named like the repository's own folder before the root
	   matched by that name: bare mcd already goes to the root */
	if (set->root && root_by_folder(a) != root_by_folder(b))
		return root_by_folder(a) ? 1 : -1;
	/* "io util": io/util, where io is a folder, before tokio/src/util */
	if (a->whole != b->whole)
		return a->whole > b->whole ? -1 : 1;
	/* a project's root before plain folders: what builds is what is
	   meant (a fixture's manifest makes no project of it) */
	if (code_project(a) != code_project(b))
		return code_project(a) ? -1 : 1;
	/* nearby first, for one keyword: in the project the user stands in */
	if (set->nkeywords == 1 && (a->flags & CAND_NEAR) != (b->flags & CAND_NEAR))
		return (a->flags & CAND_NEAR) ? -1 : 1;
	/* code before its tests, unless the user works in the tests of the
	   project both are in (and types one keyword) */
	if ((a->flags & CAND_TEST) != (b->flags & CAND_TEST) &&
	    !(set->cwd_test && set->nkeywords == 1 && (a->flags & CAND_NEAR)))
		return (a->flags & CAND_TEST) ? 1 : -1;
	/* among tests, a test project (cartservice.tests) before plain folders */
	if ((a->flags & CAND_PROJECT) != (b->flags & CAND_PROJECT))
		return (a->flags & CAND_PROJECT) ? -1 : 1;
	/* "pyspark streaming": pyspark/streaming before pyspark/sql/streaming */
	if (a->span != b->span)
		return a->span < b->span ? -1 : 1;
	/* then the fewest folders away from where the user stands (several
	   keywords say where already) */
	if (set->nkeywords == 1 && a->away != b->away)
		return a->away < b->away ? -1 : 1;
	if (a->cls != b->cls)
		return a->cls > b->cls ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(cand_path(set, a), cand_path(set, b), a->len);
}

static int compare_cb(const void *a, const void *b, void *set)
{
	return rank_compare(set, a, b);
}

/* Past this many to show, a query sorts every match (select_best()). */
#define SELECT_MAX 256

/* Put the best K of V[0..N) (candidates of SET) in order at the front,
 * each of the rest ranking after them: the first K sorted, then every
 * other one that beats the last of them put in its place (that one to the
 * rest). */
static void select_best(struct cand_set *set, struct cand *v, size_t n, size_t k)
{
	size_t j;

	qsort_r(v, k, sizeof(*v), compare_cb, set);
	for (j = k; j < n; j++) {
		struct cand t = v[j];
		size_t lo = 0, hi = k - 1;
		if (rank_compare(set, &t, &v[k - 1]) >= 0)
			continue;
		while (lo < hi) { /* the first kept that T beats */
			size_t mid = lo + (hi - lo) / 2;
			if (rank_compare(set, &t, &v[mid]) < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		v[j] = v[k - 1];
		memmove(&v[lo + 1], &v[lo], (k - 1 - lo) * sizeof(*v));
		v[lo] = t;
	}
}

/* Put the best K of SET->v[FROM..N) in order at FROM, the rest after them
 * in no order (K 0, or a good share of them: all in order). Returns how
 * far the matches are in order. */
static size_t order(struct cand_set *set, size_t from, size_t n, size_t k)
{
	if (from >= n)
		return n;
	/* a one-letter keyword matches a third of a large repository,
	   and sorting it all was most of the time; selecting costs K
	   moves an insertion, so a large K sorts it all */
	if (k && k <= SELECT_MAX && (n - from) / 4 > k) {
		select_best(set, set->v + from, n - from, k);
		return from + k;
	}
	if (n - from > 1)
		qsort_r(set->v + from, n - from, sizeof(*set->v), compare_cb, set);
	return n;
}

size_t rank_order_more(struct cand_set *set, size_t from, size_t n, size_t k)
{
	return order(set, from, n, k);
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
	if (q->n)
		weigh_relations(set, n);
	order(set, 0, n, k);
	return n;
}
