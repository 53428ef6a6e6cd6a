/* cand.c - the candidates of a query: the snapshot scan and the history rows */
#include "cand.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "history.h"
#include "match.h"
#include "prefilter.h"
#include "rank.h"
#include "snapshot.h"
#include "testcode.h"

void cand_set_init(struct cand_set *set, const char *root)
{
	memset(set, 0, sizeof(*set));
	set->root = root ? xstrdup(root) : NULL;
	set->projlen = -1;
}

void cand_set_release(struct cand_set *set)
{
	free(set->v);
	buf_release(&set->arena);
	free(set->root);
	free(set->cwd);
	memset(set, 0, sizeof(*set));
}

static uint16_t count_depth(const char *p, size_t len);

void cand_set_where(struct cand_set *set, const char *cwd, size_t len, long projlen)
{
	free(set->cwd);
	set->cwd = xmemdup(cwd, len);
	set->cwdlen = len;
	set->cwddepth = count_depth(cwd, len);
	set->cwd_test = testcode_path(cwd, 0, len);
	set->projlen = projlen;
}

static uint16_t count_depth(const char *p, size_t len)
{
	uint16_t d = len ? 1 : 0;
	size_t i;
	for (i = 0; i < len; i++)
		if (p[i] == '/' && i > 0)
			d++;
	return d;
}

size_t cand_set_add(struct cand_set *set, const char *path, size_t len, const char *name,
                    size_t namelen, uint32_t flags, double frecency)
{
	struct cand *c;

	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 1024;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	c = &set->v[set->n];
	memset(c, 0, sizeof(*c));
	c->path = (uint32_t)set->arena.len;
	c->len = (uint32_t)len;
	buf_add(&set->arena, path, len);
	buf_addch(&set->arena, '\0');
	if (namelen) {
		c->name = (uint32_t)set->arena.len;
		c->namelen = (uint32_t)namelen;
		buf_add(&set->arena, name, namelen);
		buf_addch(&set->arena, '\0');
	}
	c->flags = flags;
	c->frecency = frecency;
	c->depth = count_depth(path, len);
	return set->n++;
}

void cand_abspath(const struct cand_set *set, const struct cand *c, struct buf *out)
{
	buf_setlen(out, 0);
	if (set->root) {
		buf_adds(out, set->root);
		if (c->len && !(out->len == 1 && out->data[0] == '/'))
			buf_addch(out, '/');
	}
	buf_add(out, cand_path(set, c), c->len);
}

/* The entries whose masks and pairs pass, in snapshot order. */
struct passed {
	uint32_t *v;
	size_t n, cap;
};

/* A path among candidates (those ONLY lists, when given): gallop_find()'s
 * key. */
struct rel_key {
	const struct cand_set *set;
	const struct passed *only;
	const char *rel;
	size_t len;
};

static int cand_vs_key(const void *arg, size_t i)
{
	const struct rel_key *k = arg;
	const struct cand *c = &k->set->v[k->only ? k->only->v[i] : i];

	return snapshot_cmp(cand_path(k->set, c), c->len, k->rel, k->len);
}

/* The index entry for REL among the first N candidates, in snapshot order
 * (the order cand_load_repo() adds them in), or, with ONLY, among the
 * candidates it lists, in that order; NULL when not there. For paths
 * asked in about sorted order, from *HINT (gallop_find()). */
static struct cand *find_rel_near(struct cand_set *set, const struct passed *only, size_t n,
                                  const char *rel, size_t len, size_t *hint)
{
	const struct rel_key k = {set, only, rel, len};
	size_t i = gallop_find(only ? only->n : n, hint, cand_vs_key, &k);

	return i == SIZE_MAX ? NULL : &set->v[only ? only->v[i] : i];
}

/* The cheap tests a candidate passes before it is copied: every character
 * a match needs is in its mask, and the keywords occur in order as
 * subsequences. Both accept a superset of what rank_match() accepts. */
struct filter {
	const struct rank_query *q;
	uint64_t need, pairs; /* bits an entry's mask and pairs must have */
	/* and its word starts and neighbouring pairs (cand_load_best()) */
	uint64_t starts, bigrams;
	unsigned char slice[SNAP_SLICES]; /* their slice rows, rarest first */
	size_t nslices;
	int typos;             /* also one edit from a name: a mask may lack one bit, no pairs */
	struct filter *narrow; /* cand_load_forms(): what passes must pass one of these too */
	size_t nnarrow;
};

static void filter_init(struct filter *f, const struct rank_query *q, int typos)
{
	uint64_t rest, full;

	f->q = q && q->n ? q : NULL;
	f->need = f->pairs = f->starts = f->bigrams = 0;
	f->narrow = NULL;
	f->nnarrow = 0;
	f->typos = typos && f->q && q->len[q->n - 1] + 1 >= MATCH_TYPO_MIN;
	if (!f->q)
		return;
	/* an entry's mask covers its last component and declared name: the
	   last keyword is in the one, or the whole last one in the other */
	rest = prefilter_mask(q->kw[q->n - 1], q->len[q->n - 1], 0);
	full = prefilter_mask(q->full, q->fulllen, 0);
	f->need = rest & full;
	f->pairs = prefilter_needed_pairs(q->kw[q->n - 1], q->len[q->n - 1]) &
	           prefilter_needed_pairs(q->full, q->fulllen);
	if (f->typos) {
		f->need = rest; /* a typo of the last keyword, as typed */
		f->pairs = 0;   /* a transposition breaks the order */
	}
}

/* Is earlier keyword I of Q held by an anchor at or above PATH[0..LEN)? */
static int anchored(const struct rank_query *q, size_t i, const char *path, size_t len)
{
	size_t k;

	for (k = 0; k < q->nanchors; k++) {
		const struct rank_anchor *a = &q->anchors[k];
		if (a->kw == i &&
		    (a->len == 0 || (a->len <= len && !memcmp(a->path, path, a->len) &&
		                     (a->len == len || path[a->len] == '/'))))
			return 1;
	}
	return 0;
}

/* Are the earlier keywords KW[0..N) of Q subsequences of PATH[0..LEN) in
 * order, or held by an anchor? */
static int earlier_pass(const struct rank_query *q, size_t n, const char *path, size_t len)
{
	size_t i, at = 0, was;

	for (i = 0; i < n; i++) {
		was = at;
		if (prefilter_subseq(q->kw[i], q->len[i], path, len, &at))
			continue;
		if (i >= q->nbefore || !anchored(q, i, path, len))
			return 0;
		at = was; /* what follows may be anywhere after */
	}
	return 1;
}

/* Could the last keyword of Q, or the whole last one, be a typo of the
 * last component COMP or of the name NAME (or its last element)? */
static int typo_pass(const struct rank_query *q, const char *comp, size_t complen, const char *name,
                     size_t namelen)
{
	const char *kw = q->kw[q->n - 1], *tail;
	size_t len = q->len[q->n - 1];

	if (match_typo(kw, len, comp, complen))
		return 1;
	if (!namelen)
		return 0;
	tail = memrchr(name, '/', namelen);
	tail = tail ? tail + 1 : name;
	return match_typo(q->full, q->fulllen, name, namelen) ||
	       match_typo(q->full, q->fulllen, tail, namelen - (size_t)(tail - name));
}

/* rank_match() needs, for the folder itself, the last keyword in the last
 * component and the others in order along the path; for its declared name,
 * the keywords before the last along the path and the last whole in the
 * name. These tests are the subsequence part of both. */
static int filter_pass(const struct filter *f, const struct snapshot *s, const struct snap_entry *e)
{
	const struct rank_query *q = f->q;
	const char *path = snap_path(s, e), *slash;
	size_t last, zero = 0, n;

	if (!q || !e->pathlen)
		return 1; /* the root matches by the repository's name */
	if (!f->typos && (e->mask & f->need) != f->need)
		return 0;
	n = q->n;
	slash = memrchr(path, '/', e->pathlen);
	last = slash ? (size_t)(slash + 1 - path) : 0;
	if ((prefilter_subseq(q->kw[n - 1], q->len[n - 1], path, e->pathlen, &last) ||
	     (f->typos &&
	      match_typo(q->kw[n - 1], q->len[n - 1], path + (slash ? slash + 1 - path : 0),
	                 e->pathlen - (size_t)(slash ? slash + 1 - path : 0)))) &&
	    earlier_pass(q, n - 1, path, e->pathlen))
		return 1;
	if (!e->namelen || !earlier_pass(q, q->nbefore, path, e->pathlen))
		return 0;
	return prefilter_subseq(q->full, q->fulllen, snap_name(s, e), e->namelen, &zero) ||
	       (f->typos && typo_pass(q, "", 0, snap_name(s, e), e->namelen));
}

/* The part of filter_pass() that needs only an entry's keys: the last
 * keyword in its last component, or the whole last one in its name. */
static int keys_pass(const struct filter *f, const char *comp, size_t complen, const char *name,
                     size_t namelen)
{
	const struct rank_query *q = f->q;
	size_t at = 0, zero = 0;

	return prefilter_subseq(q->kw[q->n - 1], q->len[q->n - 1], comp, complen, &at) ||
	       (namelen && prefilter_subseq(q->full, q->fulllen, name, namelen, &zero)) ||
	       (f->typos && typo_pass(q, comp, complen, name, namelen));
}

/* The part of filter_pass() a folder without a declared name passes by
 * its PATH[0..LEN) alone: what a visited folder the index does not hold
 * must pass to be able to match. MASK: the bits of the last component
 * (the view keeps them), all bits when not known. */
static int path_pass(const struct filter *f, const char *path, size_t len, uint64_t mask)
{
	const struct rank_query *q = f->q;
	const char *slash;
	size_t comp, last, n;

	if (!q || !len)
		return 1;
	/* the last keyword in the last component: its bits there first (two
	   thousand visits read byte by byte took a fifth of a query) */
	if (!f->typos && (mask & f->need) != f->need)
		return 0;
	n = q->n;
	slash = memrchr(path, '/', len);
	comp = last = slash ? (size_t)(slash + 1 - path) : 0;
	return (prefilter_subseq(q->kw[n - 1], q->len[n - 1], path, len, &last) ||
	        (f->typos && match_typo(q->kw[n - 1], q->len[n - 1], path + comp, len - comp))) &&
	       earlier_pass(q, n - 1, path, len);
}

/* path_pass() of one of the NF filters F, or of one of its narrow forms. */
static int paths_pass(const struct filter *f, size_t nf, const char *path, size_t len,
                      uint64_t mask)
{
	size_t k, a;

	for (k = 0; k < nf; k++) {
		if (!f[k].nnarrow) {
			if (path_pass(&f[k], path, len, mask))
				return 1;
			continue;
		}
		for (a = 0; a < f[k].nnarrow; a++)
			if (path_pass(&f[k].narrow[a], path, len, mask))
				return 1;
	}
	return 0;
}

/* Do the mask and pairs of entry I of S have the bits of filter F? */
static int slices_pass(const struct filter *f, const struct snapshot *s, size_t i)
{
	size_t j, missing = 0;

	for (j = 0; j < f->nslices; j++)
		if (!(snap_slice(s, f->slice[j])[i / 64] >> (i % 64) & 1) &&
		    ++missing > (size_t)f->typos)
			return 0;
	return 1;
}

/* Could entry I of SNAP, whose mask and pairs pass one of the NF filters
 * F, match one of them? 1 yes, 0 no, -1 the snapshot is damaged. */
static int could_match(const struct filter *f, size_t nf, const struct snapshot *snap, size_t i)
{
	const char *comp = NULL, *name = NULL;
	size_t k, complen = 0, namelen = 0;
	int keys = 0;

	for (k = 0; k < nf; k++) {
		/* the bits reject most, unread */
		if (nf > 1 && !slices_pass(&f[k], snap, i))
			continue;
		/* then the keys, packed apart: most of the rest fail there,
		   without a page of entries or paths read */
		if (!keys && !(keys = snapshot_keys(snap, i, &comp, &complen, &name, &namelen)))
			return -1;
		if (!keys_pass(&f[k], comp, complen, name, namelen))
			continue;
		if (!snapshot_entry_ok(snap, &snap->v[i]))
			return -1;
		if (f[k].nnarrow) {
			size_t a;
			for (a = 0; a < f[k].nnarrow; a++)
				if (filter_pass(&f[k].narrow[a], snap, &snap->v[i]))
					return 1;
		} else if (filter_pass(&f[k], snap, &snap->v[i]))
			return 1;
	}
	return 0;
}

/* Past this many folders to probe, their keys are mapped in one call:
 * scattered over the row, they would fault in nearly every page of it.
 * Each probe reads about a page, so it pays once the probes would read a
 * good share of the row's pages: a fixed count over-maps a large row. */
static int probes_populate(const struct snapshot *s, size_t probes)
{
	return probes > 256 && probes > s->keyslen / 4096 / 4;
}

/* How many probes ahead their keys are asked for. */
#define KEYS_AHEAD 8
/* How many ahead the entries of a one-letter keyword's folders are: each
 * costs little more than its cache miss, so the miss must be asked for
 * well ahead (at 1M folders, 100k of them: 8 ahead 7.6 ms, 24 ahead 6.5,
 * 48 ahead 7.3, mcd complete --shell bash --line 'mcd c'). */
#define ENTRIES_AHEAD 24

static inline void pass_push(struct passed *p, uint32_t i)
{
	if (p->n == p->cap) {
		/* a page or two at first: fresh pages fault in one by one */
		p->cap = p->cap ? 2 * p->cap : 4096;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = i;
}

/* A filter uses at most this many of its rows, the rarest: past them a
 * row rules out little, and the keys decide anyway. */
#define FILTER_SLICES 16

/* The slice rows of F's bits into F->slice, the rarest first: the first
 * row or two rule out most words of 64 entries. */
static void filter_slices(struct filter *f, const struct snapshot *s)
{
	size_t b, i, j;

	f->nslices = 0;
	for (b = 0; b < SNAP_SLICES; b++)
		if ((b < SNAP_SLICE_PAIRS     ? f->need
		     : b < SNAP_SLICE_STARTS  ? f->pairs
		     : b < SNAP_SLICE_BIGRAMS ? f->starts
		                              : f->bigrams) >>
		        (b % 64) &
		    1)
			f->slice[f->nslices++] = (unsigned char)b;
	for (i = 1; i < f->nslices; i++)
		for (j = i; j && s->ones[f->slice[j]] < s->ones[f->slice[j - 1]]; j--) {
			unsigned char t = f->slice[j];
			f->slice[j] = f->slice[j - 1];
			f->slice[j - 1] = t;
		}
	if (f->nslices > FILTER_SLICES)
		f->nslices = FILTER_SLICES;
}

/* The entries of S, past the root, whose masks and pairs pass one of the
 * NF filters F, into PASS: word by word of 64 entries, each filter ANDs
 * its rows until nothing is left. */
/* The entries of word W of S whose masks and pairs pass one of the NF
 * filters F. TYPOS: some filter takes typos (a constant where it is
 * inlined, so the common scan keeps its tight loop). */
static inline uint64_t passing(const struct snapshot *s, const struct filter *f, size_t nf,
                               size_t w, int typos)
{
	uint64_t any = 0;
	size_t k, j;

	for (k = 0; k < nf; k++) {
		uint64_t x = ~0ull, once = 0;
		if (typos && f[k].typos) {
			/* lacking one bit at most: once holds those lacking
			   one, x loses those lacking two */
			for (j = 0; j < f[k].nslices; j++) {
				uint64_t lack = ~snap_slice(s, f[k].slice[j])[w];
				x &= ~(once & lack);
				once |= lack;
			}
			any |= x;
			continue;
		}
		for (j = 0; j < f[k].nslices && x; j++)
			x &= snap_slice(s, f[k].slice[j])[w];
		any |= x;
	}
	return any;
}

/* The entries of word W of S that passed (bits X) into PASS: not the
 * root, which goes on apart, nor past the last entry (a filter without
 * bits passes all). */
static inline void push_word(const struct snapshot *s, struct passed *pass, size_t w, uint64_t x)
{
	if (w == 0)
		x &= ~1ull;
	if (w + 1 == s->words && s->n % 64)
		x &= (1ull << (s->n % 64)) - 1;
	for (; x; x &= x - 1)
		pass_push(pass, (uint32_t)(w * 64 + (size_t)__builtin_ctzll(x)));
}

/* How many entries of S pass the rows of filter F (no typos), counting
 * up to past MAX only. */
static size_t count_rows(const struct snapshot *s, const struct filter *f, size_t max)
{
	const uint64_t *row[FILTER_SLICES];
	size_t n = f->nslices, w, j, count = 0;

	if (!n)
		return s->n;
	for (j = 0; j < n; j++)
		row[j] = snap_slice(s, f->slice[j]);
	for (w = 0; w < s->words && count <= max; w++) {
		uint64_t x = row[0][w];
		for (j = 1; j < n && x; j++)
			x &= row[j][w];
		/* most words are empty by now; without -mpopcnt the count
		   is a call of some thirty instructions */
		if (x)
			count += (size_t)__builtin_popcountll(x);
	}
	return count;
}

/* scan() of one filter without typos, the common one: most words of its
 * rarest row are empty, and the other rows are read only where it is not. */
static void scan_rows(const struct snapshot *s, const struct filter *f, struct passed *pass)
{
	const uint64_t *row[FILTER_SLICES];
	size_t n = f->nslices, w, j;

	for (j = 0; j < n; j++)
		row[j] = snap_slice(s, f->slice[j]);
	for (w = 0; w < s->words; w++) {
		uint64_t x = row[0][w];
		for (j = 1; j < n && x; j++)
			x &= row[j][w];
		if (x)
			push_word(s, pass, w, x);
	}
}

static void scan(const struct snapshot *s, const struct filter *f, size_t nf, struct passed *pass)
{
	unsigned char used[SNAP_SLICES] = {0};
	size_t w, k, j;
	int typos = 0;

	for (k = 0; k < nf; k++) {
		typos |= f[k].typos;
		for (j = 0; j < f[k].nslices; j++)
			used[f[k].slice[j]] = 1;
	}
	for (j = 0; j < SNAP_SLICES; j++)
		if (used[j])
			snapshot_populate_slice(s, (unsigned)j);
	if (nf == 1 && !typos && f->nslices) {
		scan_rows(s, f, pass);
		return;
	}
	for (w = 0; w < s->words; w++) {
		push_word(s, pass, w, typos ? passing(s, f, nf, w, 1) : passing(s, f, nf, w, 0));
	}
}

/* Is folded KW[0..KLEN) the declared NAME[0..LEN) folded, whole? */
static int same_name(const char *kw, size_t klen, const char *name, size_t len)
{
	size_t i;

	if (klen != len)
		return 0;
	for (i = 0; i < len; i++)
		if (prefilter_fold((unsigned char)name[i]) != (unsigned char)kw[i])
			return 0;
	return 1;
}

void cand_anchor(struct rank_query *q, struct snapshot *snap)
{
	struct passed pass = {NULL, 0, 0};
	struct filter f;
	size_t i, t;

	rank_query_unanchor(q);
	for (i = 0; i < q->nbefore && snap->n; i++) {
		const char *kw = q->kw[i];
		size_t klen = q->len[i];

		/* the folders whose last component or name hold its bytes */
		memset(&f, 0, sizeof(f));
		f.need = prefilter_mask(kw, klen, 0);
		f.pairs = prefilter_needed_pairs(kw, klen);
		filter_slices(&f, snap);
		pass.n = 0;
		scan(snap, &f, 1, &pass);
		for (t = 0; t < pass.n; t++) {
			const char *comp, *name, *s;
			size_t complen, namelen, slen;
			const struct snap_entry *e = &snap->v[pass.v[t]];

			if (!snapshot_keys(snap, pass.v[t], &comp, &complen, &name, &namelen) ||
			    !namelen)
				continue;
			s = rank_short_name(name, namelen, &slen);
			if ((same_name(kw, klen, name, namelen) || same_name(kw, klen, s, slen)) &&
			    snapshot_entry_ok(snap, e))
				rank_query_anchor(q, i, snap_path(snap, e), e->pathlen);
		}
	}
	free(pass.v);
}

/* Add entry I of SNAP (checked) to SET with FLAGS more. Returns its index. */
static size_t add_entry(struct cand_set *set, const struct snapshot *snap, size_t i, uint32_t flags)
{
	const struct snap_entry *e = &snap->v[i];

	return cand_set_add(set, snap_path(snap, e), e->pathlen, snap_name(snap, e), e->namelen,
	                    (e->flags & CAND_PROJECT) | CAND_TEST_KNOWN | CAND_INDEXED |
	                        (e->flags & SNAP_TEST ? CAND_TEST : 0) | flags,
	                    0);
}

/* The history at and below SET's root into SET, which holds the indexed
 * candidates, in snapshot order: their frecency, and the visited folders
 * that are not among them. VISITS_ALL: every indexed folder is loaded;
 * VISITS_PASSED: all that could match by the NF filters F are, the
 * others are left out;
 * VISITS_STRONG: for one keyword, the strong matches that can be among
 * the best are, and weak ones never are (cand_load_best()): a visited
 * folder comes in when its last component is a strong match of F's
 * query, or when it is one of NAMED, the strong matches with a declared
 * name, and the others are left out unread. */
enum { VISITS_ALL, VISITS_PASSED, VISITS_STRONG };

static int load_visits(struct cand_set *set, const struct snapshot *snap, struct db *db,
                       int64_t now, int how, const struct filter *f, size_t nf,
                       const struct passed *named);

static int load_filtered(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                         struct filter *f, size_t nf);

int cand_load_repo(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                   const struct rank_query *const *qs, size_t nq, unsigned flags)
{
	size_t i, nf = 0;
	struct filter *f = xcalloc(nq + 1, sizeof(*f));
	int r;

	for (i = 0; i < nq; i++) {
		filter_init(&f[nf], qs[i], (flags & CAND_LOAD_TYPOS) != 0);
		nf += f[nf].q != NULL;
	}
	if (nf < nq)
		nf = 0; /* a query without keywords takes everything */
	r = load_filtered(set, snap, db, now, f, nf);
	free(f);
	return r;
}

int cand_load_forms(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                    const struct rank_query *const *qs, size_t nq,
                    const struct rank_query *const *fs, const size_t *of, size_t nf)
{
	struct filter *f = xcalloc(nq + 1, sizeof(*f)), *narrow = xcalloc(nf + 1, sizeof(*narrow));
	size_t i, j, at = 0;
	int r;

	for (i = 0; i < nq; i++) {
		filter_init(&f[i], qs[i], 0);
		if (!f[i].q) {
			free(f);
			free(narrow);
			return cand_load_repo(set, snap, db, now, qs, 0, 0); /* everything */
		}
		/* its narrow forms, together */
		f[i].narrow = narrow + at;
		for (j = 0; j < nf; j++)
			if (of[j] == i && fs[j]->n)
				filter_init(&narrow[at++], fs[j], 0);
		f[i].nnarrow = (size_t)(narrow + at - f[i].narrow);
		if (!f[i].nnarrow)
			f[i].narrow = NULL;
	}
	r = load_filtered(set, snap, db, now, f, nq);
	free(f);
	free(narrow);
	return r;
}

/* cand_load_repo() with the NF filters F made. */
static int load_filtered(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                         struct filter *f, size_t nf)
{
	size_t i, t;
	struct passed pass = {NULL, 0, 0};
	int ok;

	/* the masks and pairs first, the rest for those that pass: when
	   many do, their keys are mapped in one call */
	if (nf && snap->n) {
		for (i = 0; i < nf; i++)
			filter_slices(&f[i], snap);
		scan(snap, f, nf, &pass);
	}
	if (probes_populate(snap, pass.n))
		snapshot_populate_keys(snap);
	for (t = 0; snap->n && t < (nf ? pass.n + 1 : snap->n); t++) {
		/* entry 0, the root, always goes on: it answers to the
		   repository's own name */
		size_t j = nf ? (t ? pass.v[t - 1] : 0) : t;
		const struct snap_entry *e = &snap->v[j];
		if (nf && t + KEYS_AHEAD < pass.n) {
			/* the keys of the folders passed, scattered over
			   megabytes, each a miss in the cache: ask for those
			   a few probes ahead (written out here: GCC drops a
			   call to a function that only prefetches) */
			uint32_t off = snap->keyoff[pass.v[t + KEYS_AHEAD]];
			if (t + 2 * KEYS_AHEAD < pass.n)
				__builtin_prefetch(&snap->keyoff[pass.v[t + 2 * KEYS_AHEAD]]);
			if (off < snap->keyslen)
				__builtin_prefetch(snap->keys + off);
		}
		if (nf && j)
			ok = could_match(f, nf, snap, j);
		else
			ok = snapshot_entry_ok(snap, e) ? 1 : -1;
		if (ok < 0) {
			/* damaged: as if not indexed, so a miss rebuilds it */
			set->n = 0;
			break;
		}
		if (ok)
			add_entry(set, snap, j, 0);
	}
	free(pass.v);
	return load_visits(set, snap, db, now, nf ? VISITS_PASSED : VISITS_ALL, f, nf, NULL);
}

/* Into HI, the end of the paths at and below ROOT (LEN bytes) in the
 * history's order: [root, root + "0") holds root/... ('/' + 1 == '0'),
 * and some siblings like root-x. */
static void history_below(const char *root, size_t len, struct buf *hi)
{
	buf_setlen(hi, 0);
	buf_add(hi, root, len);
	buf_addch(hi, len == 1 ? '\xff' : '0');
}

/* A path among the entries NAMED of a snapshot: gallop_find()'s key. */
struct named_key {
	const struct snapshot *s;
	const struct passed *named;
	const char *rel;
	size_t len;
};

static int named_vs_key(const void *arg, size_t i)
{
	const struct named_key *k = arg;
	const struct snap_entry *e = &k->s->v[k->named->v[i]];

	return snapshot_cmp(snap_path(k->s, e), e->pathlen, k->rel, k->len);
}

/* Past this many candidates, visits are looked up among them all, not in a
 * list of the named (list_named()): a pass over a third of a large
 * repository, for a letter or two, costs more than the lookups it saves. */
#define NAMED_LIST_MAX 4096

/* Into OUT, the first N candidates of SET with a declared name, in order. */
static void list_named(const struct cand_set *set, size_t n, struct passed *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set->v[i].namelen)
			pass_push(out, (uint32_t)i);
}

/* A visit load_visits() looks up in the index, with all of them at the
 * end: its path (copied: a row read from the database lasts until the
 * next) and what its row said. */
struct unfound {
	size_t path, len; /* in the arena, relative to the root */
	double frecency;
	int64_t recent;
	int path_ok; /* its path could match (paths_pass()) */
};

/* Sift the visit at I down the max-heap of the N at H, by recency. */
static void sift_down(struct unfound *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct unfound t;
		if (l < n && h[l].recent > h[m].recent)
			m = l;
		if (l + 1 < n && h[l + 1].recent > h[m].recent)
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* At most this many folders that could match: those of them with a
 * declared name are listed for load_latest(), else it looks visits up. */
#define LATEST_NAMED_MAX 65536

/* Into OUT, the folders of SNAP with a declared name that F says could
 * match, when at most LATEST_NAMED_MAX could: 1, else 0 (nothing listed). */
static int list_named_could(const struct snapshot *snap, const struct filter *f, struct passed *out)
{
	struct passed all = {NULL, 0, 0};
	size_t t;

	if (count_rows(snap, f, LATEST_NAMED_MAX) > LATEST_NAMED_MAX)
		return 0;
	scan(snap, f, 1, &all);
	for (t = 0; t < all.n; t++)
		if (snap->v[all.v[t]].namelen && could_match(f, 1, snap, all.v[t]) != 0)
			pass_push(out, all.v[t]);
	free(all.v);
	return 1;
}

/* Does PATH (LEN bytes, below SET's root) match Q by itself? */
static int path_matches(const struct rank_query *q, const struct cand_set *set, const char *path,
                        size_t len)
{
	struct cand_set one;
	size_t k;
	int r;

	cand_set_init(&one, set->root);
	k = cand_set_add(&one, path, len, NULL, 0, 0, 0);
	r = rank_match(q, &one, &one.v[k]);
	cand_set_release(&one);
	return r;
}

/* Into SET, the visit V (its path in ARENA) with AT, its entry in the
 * index (SNAP_NONE: none): its index in SET, or SIZE_MAX when the index
 * says F cannot match it. */
static size_t add_visit(struct cand_set *set, const struct snapshot *snap, const struct filter *f,
                        uint32_t at, const char *arena, const struct unfound *v)
{
	size_t k;

	if (at != SNAP_NONE && f && could_match(f, 1, snap, at) == 0)
		return SIZE_MAX;
	if (at != SNAP_NONE && snapshot_entry_ok(snap, &snap->v[at]))
		k = add_entry(set, snap, at, 0);
	else
		k = cand_set_add(set, arena + v->path, v->len, NULL, 0, 0, 0);
	set->v[k].frecency = v->frecency;
	set->v[k].recent = v->recent;
	return k;
}

/* Can the visit of PATH (LEN bytes), whose path does not match, match by
 * a declared name? Not when the folders with one that F says could match
 * are listed into NAMED (*LISTED: -1 not tried yet, 0 too many to list)
 * and it is not among them; looked for from *HINT. */
static int may_match_by_name(const struct snapshot *snap, const struct filter *f,
                             struct passed *named, int *listed, const char *path, size_t len,
                             size_t *hint)
{
	const struct named_key key = {snap, named, path, len};

	if (*listed < 0)
		*listed = list_named_could(snap, f, named);
	return !*listed || gallop_find(named->n, hint, named_vs_key, &key) != SIZE_MAX;
}

/* Of the N visits LATE (paths in ARENA) that VISITS_STRONG left out, the
 * one visited last that matches at all, when it is later than NEWEST,
 * the latest loaded: rank_run_best() gives the match visited last a
 * bonus, which a weak one takes from the strong ones as when everything
 * is ranked. Looked for from the latest back, until one matches: one
 * whose path matches is it; one whose path does not can only match by a
 * declared name, and is looked for among the folders with one that could
 * match (when they are few enough to list), else in the index. */
static void load_latest(struct cand_set *set, const struct snapshot *snap, const struct filter *f,
                        struct unfound *late, size_t n, const char *arena, int64_t newest)
{
	struct passed named = {NULL, 0, 0};
	int listed = -1;
	size_t i, k, m, in_named = 0;

	/* those later than NEWEST; of those whose path cannot match, the
	   ones without a name that could, when the named are listed, are
	   told apart at once, in the history's order */
	for (i = 0, m = 0; i < n; i++)
		if (late[i].recent > newest &&
		    (late[i].path_ok ||
		     may_match_by_name(snap, f, &named, &listed, arena + late[i].path, late[i].len,
		                       &in_named)))
			late[m++] = late[i];
	n = m;
	/* latest first, from a heap: most often the first one decides */
	for (i = n / 2; i-- > 0;)
		sift_down(late, n, i);
	for (; n; late[0] = late[--n], sift_down(late, n, 0)) {
		const struct unfound *v = &late[0];
		const char *path = arena + v->path;
		size_t from = 0;
		if (v->path_ok && !path_matches(f->q, set, path, v->len) &&
		    !may_match_by_name(snap, f, &named, &listed, path, v->len, &from))
			continue;
		k = add_visit(set, snap, f, snapshot_find(snap, path, v->len), arena, v);
		if (k != SIZE_MAX && rank_match(f->q, set, &set->v[k]))
			break;
	}
	free(named.v);
}

static int load_visits(struct cand_set *set, const struct snapshot *snap, struct db *db,
                       int64_t now, int how, const struct filter *f, size_t nf,
                       const struct passed *named)
{
	struct history_scan scan;
	struct view_visit row;
	size_t nindexed = set->n, rootlen = strlen(set->root), in_set = 0, in_named = 0,
	       in_named_set = 0, nun = 0, capun = 0, i;
	struct passed named_set = {NULL, 0, 0};
	int named_set_built = 0;
	struct buf hi = BUF_INIT, arena = BUF_INIT;
	struct unfound *un = NULL, *late = NULL;
	size_t nlate = 0, caplate = 0;
	int64_t newest = 0; /* the latest visit loaded */
	const char **rel = NULL;
	size_t *rellen = NULL;
	uint32_t *at = NULL;
	int rc;

	/* some siblings like root-x too, filtered below */
	history_below(set->root, rootlen, &hi);
	if (history_scan_start(&scan, db, set->root, rootlen, hi.data, hi.len) < 0) {
		rc = -1;
		goto out;
	}
	while ((rc = history_scan_next(&scan, &row)) > 0) {
		const char *path = row.path;
		size_t len = row.len, skip;
		double fr = history_frecency(row.rank, row.last, now);
		int64_t recent = history_recent(row.last, row.seq, now);
		struct cand *c;
		int path_ok;

		if (!path || len < rootlen || memcmp(path, set->root, rootlen) != 0)
			continue;
		if (len == rootlen)
			skip = rootlen;
		else if (rootlen == 1)
			skip = 1;
		else if (path[rootlen] == '/')
			skip = rootlen + 1;
		else
			continue;
		/* with a filter: one whose path cannot match is among those
		   loaded only by a declared name, or not at all; looked up
		   among the few named, not all (nor, VISITS_PASSED, in the
		   index: a miss in the cache or two for each of thousands of
		   visits) */
		path_ok =
		    how == VISITS_ALL || !f || paths_pass(f, nf, path + skip, len - skip, row.mask);
		if (path_ok || nindexed > NAMED_LIST_MAX) {
			/* past that many, listing the named reads more than it saves */
			c = find_rel_near(set, NULL, nindexed, path + skip, len - skip, &in_set);
		} else {
			if (!named_set_built)
				list_named(set, nindexed, &named_set);
			named_set_built = 1;
			c = find_rel_near(set, &named_set, 0, path + skip, len - skip,
			                  &in_named_set);
		}
		if (c) {
			c->frecency = fr;
			c->recent = recent;
			/* the loaded are strong matches, but for the root, which
			   answers to the repository's name: the latest match
			   (matched on a copy, which rank_match() marks) */
			if (how == VISITS_STRONG && recent > newest) {
				struct cand copy = *c;
				if (c->len || rank_match(f->q, set, &copy))
					newest = recent;
			}
			continue;
		}
		/* VISITS_PASSED and not among those that passed: indexed and
		   filtered out, or not indexed with a path that cannot match */
		if (how == VISITS_PASSED && !path_ok)
			continue;
		/* VISITS_STRONG: strong by its last component, or by a
		   declared name and then one of NAMED (already looked up);
		   weak, or no match at all, it is left out */
		if (how == VISITS_STRONG) {
			const char *p = path + skip, *slash = memrchr(p, '/', len - skip);
			const char *comp = slash ? slash + 1 : p;
			if (!path_ok || rank_strong(f->q, comp, len - skip - (size_t)(comp - p),
			                            NULL, 0) < MATCH_WORD) {
				const struct named_key k = {snap, named, p, len - skip};
				size_t in = named
				                ? gallop_find(named->n, &in_named, named_vs_key, &k)
				                : SIZE_MAX;
				if (in != SIZE_MAX) {
					size_t added = add_entry(set, snap, named->v[in], 0);
					set->v[added].frecency = fr;
					set->v[added].recent = recent;
					newest = recent > newest ? recent : newest;
				} else if (recent) {
					/* weak or no match, but it may be the match
					   visited last, which takes that from the
					   strong ones (rank_run_best()): kept aside */
					if (nlate == caplate) {
						caplate = caplate ? 2 * caplate : 16;
						late = xrealloc(late, caplate * sizeof(*late));
					}
					late[nlate++] = (struct unfound){arena.len, len - skip, fr,
					                                 recent, path_ok};
					buf_add(&arena, p, len - skip);
				}
				continue;
			}
		}
		/* looked up in the index once the history is read: all of
		   them side by side */
		if (nun == capun) {
			capun = capun ? 2 * capun : 64;
			un = xrealloc(un, capun * sizeof(*un));
		}
		un[nun++] = (struct unfound){arena.len, len - skip, fr, recent, path_ok};
		buf_add(&arena, path + skip, len - skip);
	}
	history_scan_end(&scan);
	if (rc < 0)
		goto out;
	at = xmalloc((nun + 1) * sizeof(*at));
	if (how == VISITS_ALL) {
		/* every indexed folder is in SET already */
		for (i = 0; i < nun; i++)
			at[i] = SNAP_NONE;
	} else if (nun) {
		rel = xmalloc(nun * sizeof(*rel));
		rellen = xmalloc(nun * sizeof(*rellen));
		for (i = 0; i < nun; i++) {
			rel[i] = arena.data + un[i].path;
			rellen[i] = un[i].len;
		}
		snapshot_find_many(snap, rel, rellen, nun, at);
	}
	for (i = 0; i < nun; i++) {
		/* indexed but filtered out: it cannot match */
		if (at[i] != SNAP_NONE && how == VISITS_PASSED)
			continue;
		/* VISITS_STRONG: F, when given, tells which cannot */
		if (add_visit(set, snap, f, at[i], arena.data, &un[i]) != SIZE_MAX &&
		    un[i].recent > newest)
			newest = un[i].recent;
	}
	if (nlate)
		load_latest(set, snap, f, late, nlate, arena.data, newest);
out:
	free(late);
	free(un);
	free(rel);
	free(rellen);
	free(at);
	free(named_set.v);
	buf_release(&arena);
	buf_release(&hi);
	return rc < 0 ? -1 : 0;
}

int cand_could_match(const struct rank_query *q, const struct cand_set *set, const struct cand *c)
{
	const char *path = cand_path(set, c), *slash;
	size_t last, zero = 0, n = q->n;

	if (!n || !c->len)
		return 1;
	slash = memrchr(path, '/', c->len);
	last = slash ? (size_t)(slash + 1 - path) : 0;
	if (prefilter_subseq(q->kw[n - 1], q->len[n - 1], path, c->len, &last) &&
	    earlier_pass(q, n - 1, path, c->len))
		return 1;
	return c->namelen && earlier_pass(q, q->nbefore, path, c->len) &&
	       prefilter_subseq(q->full, q->fulllen, set->arena.data + c->name, c->namelen, &zero);
}

/* ---- the best few of one keyword ---------------------------------------------- */

/* Below this many folders the whole scan costs less than the care. */
#ifndef BEST_MIN_ENTRIES /* a test build may lower it */
#define BEST_MIN_ENTRIES 4096
#endif
/* Past this many wanted, the whole scan. */
#define BEST_MAX 64
/* At most this many that could match at all: the whole scan. */
#ifndef BEST_WHOLE_MAX /* a test build may change it */
#define BEST_WHOLE_MAX 512
#endif

/* A strong match of cand_load_best(): entry I, exact or not, its prekey. */
struct strong {
	uint32_t i;
	uint8_t exact, take, above;
	uint64_t key;
};

/* The first entry of S after the subtree of entry I (whose path is
 * P[0..LEN)): its descendants follow it in one run. */
static size_t subtree_end(const struct snapshot *s, size_t i, const char *p, size_t len)
{
	size_t lo = i + 1, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct snap_entry *e = &s->v[mid];
		if (snapshot_entry_ok(s, e) &&
		    snapshot_is_below(p, len, snap_path(s, e), e->pathlen))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The folders that hold the working directory, by depth: entries
 * [LO[D], HI[D]) are at or below the one of depth D. */
struct around {
	size_t lo[64], hi[64];
	size_t n;        /* depths found: 1..N-1 (0 is the root) */
	size_t cwd;      /* its entry, or SIZE_MAX */
	size_t plo, phi; /* the project it is in */
	size_t depth;    /* its depth */
};

static void around_init(struct around *a, const struct cand_set *set, const struct snapshot *s)
{
	size_t k;

	a->n = 1;
	a->lo[0] = 0;
	a->hi[0] = s->n;
	a->cwd = set->cwdlen ? SIZE_MAX : 0;
	a->plo = a->phi = 0;
	a->depth = set->cwddepth;
	for (k = 1; k <= set->cwdlen && a->n < 64; k++) {
		uint32_t i;
		if (k < set->cwdlen && set->cwd[k] != '/')
			continue;
		i = snapshot_find(s, set->cwd, k);
		if (i == SNAP_NONE)
			break; /* nothing is indexed below what is not */
		a->lo[a->n] = i;
		a->hi[a->n] = subtree_end(s, i, set->cwd, k);
		if (set->projlen >= 0 && (size_t)set->projlen == k) {
			a->plo = a->lo[a->n];
			a->phi = a->hi[a->n];
		}
		a->n++;
		if (k == set->cwdlen)
			a->cwd = i;
	}
}

/* Folders between entry I (DEPTH deep) and the working directory, as
 * rank.c's folders_away() counts them along the paths. */
static uint16_t away_of(const struct around *a, size_t i, size_t depth)
{
	size_t shared = a->n - 1, away;

	while (shared && !(a->lo[shared] <= i && i < a->hi[shared]))
		shared--;
	if (shared > depth)
		shared = depth;
	away = (a->depth > shared ? a->depth - shared : 0) + depth - shared;
	return (uint16_t)(away < UINT16_MAX ? away : UINT16_MAX);
}

/* The position of entry I among the N strong matches V (in entry
 * order), or SIZE_MAX. */
static size_t strong_at(const struct strong *v, size_t n, uint32_t i)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].i == i)
			return mid;
		if (v[mid].i < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Does the strong match at V[K] hold the next one (entries in preorder:
 * if any strong match is below it, the next one is)? */
static int holds_next(const struct snapshot *s, const struct strong *v, size_t n, size_t k)
{
	const struct snap_entry *e = &s->v[v[k].i], *f;

	if (k + 1 >= n)
		return 0;
	f = &s->v[v[k + 1].i];
	return snapshot_entry_ok(s, e) && snapshot_entry_ok(s, f) &&
	       snapshot_is_below(snap_path(s, e), e->pathlen, snap_path(s, f), f->pathlen);
}

/* Is entry I a strong match of Q's one keyword (as cand_load_best()
 * tells, ONE as there): among those PASS holds, and by its keys unless
 * ONE and it declares no name? 1 yes, 0 no, -1 damaged. */
static int is_strong(const struct snapshot *s, const struct rank_query *q,
                     const struct passed *pass, uint32_t i, int one)
{
	size_t lo = 0, hi = pass->n, complen, namelen;
	const char *comp, *name;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pass->v[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == pass->n || pass->v[lo] != i)
		return 0;
	if (one && !s->v[i].namelen)
		return 1;
	if (!snapshot_keys(s, i, &comp, &complen, &name, &namelen))
		return -1;
	return rank_strong(q, comp, complen, name, namelen) >= MATCH_WORD;
}

static int cmp_strong(const void *a, const void *b)
{
	uint32_t x = ((const struct strong *)a)->i, y = ((const struct strong *)b)->i;
	return (x > y) - (x < y);
}

/* Add the strong matches HELD (entries, maybe repeated) to the N kept in
 * *V, taken, in entry order. */
static int merge_held(struct strong **v, size_t *n, size_t *cap, const struct passed *held)
{
	size_t i, j;

	for (i = 0; i < held->n; i++) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[*n] = (struct strong){held->v[i], 0, 1, 0, 0};
		(*n)++;
	}
	qsort(*v, *n, sizeof(**v), cmp_strong);
	for (i = j = 0; i < *n; i++) {
		if (j && (*v)[j - 1].i == (*v)[i].i) {
			(*v)[j - 1].take = 1;
			continue;
		}
		(*v)[j++] = (*v)[i];
	}
	*n = j;
	return 0;
}

int cand_load_best(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                   const struct rank_query *q, size_t k)
{
	struct filter f, plain; /* the strong matches; all that could match */
	struct passed pass = {NULL, 0, 0}, held = {NULL, 0, 0};
	struct strong *v = NULL;
	struct around a;
	uint64_t best[BEST_MAX + BEST_MAX / 2 + 4], cut, key;
	struct passed named = {NULL, 0, 0}; /* the strong matches with a declared name */
	size_t want = k + k / 2 + 4, nbest = 0, n = 0, cap = 0, nstrong = 0, t, j, taken = 0;
	int one, exact, after_exact = 0, loaded;

	if (q->n != 1 || q->nbefore || q->nanchors || q->fulllen != q->len[0] ||
	    memcmp(q->full, q->kw[0], q->len[0]) || !k || k > BEST_MAX || !set->root ||
	    snap->n < BEST_MIN_ENTRIES || !snapshot_entry_ok(snap, &snap->v[0]))
		return 0;
	/* few folders could match at all (a longer keyword): ranking them
	   all costs little, and their visits are told apart without looking
	   each up in the index, which the best few cannot */
	filter_init(&plain, q, 0);
	filter_slices(&plain, snap);
	if (count_rows(snap, &plain, BEST_WHOLE_MAX) <= BEST_WHOLE_MAX)
		return 0;
	/* a strong match has a word that starts with the keyword, which it
	   holds whole: its neighbouring pairs too */
	filter_init(&f, q, 0);
	f.starts = prefilter_char_bit((unsigned char)q->kw[0][0]);
	f.bigrams = prefilter_bigrams(q->kw[0], q->len[0], 0);
	filter_slices(&f, snap);
	scan(snap, &f, 1, &pass);
	/* one letter or digit, whose bit stands for it alone: a folder that
	   declares no name passed by its word starts is a strong match of
	   its last component, exact when that is one byte; its keys are
	   read only to check */
	one = q->len[0] == 1 && ((q->kw[0][0] >= 'a' && q->kw[0][0] <= 'z') ||
	                         (q->kw[0][0] >= '0' && q->kw[0][0] <= '9'));
	if (!one && probes_populate(snap, pass.n))
		snapshot_populate_keys(snap);
	around_init(&a, set, snap);
	for (t = 0; t < pass.n; t++) {
		size_t i = pass.v[t];
		const char *comp, *name;
		size_t complen, namelen;
		const struct snap_entry *e;
		enum match_class cls;
		uint32_t flags;
		int near;

		if (one) {
			e = &snap->v[i];
			if (t + ENTRIES_AHEAD < pass.n)
				__builtin_prefetch(&snap->v[pass.v[t + ENTRIES_AHEAD]]);
			if (e->namelen)
				goto keys;
			cls = e->flags & SNAP_ONE ? MATCH_EXACT : MATCH_WORD;
		} else {
			if (t + KEYS_AHEAD < pass.n) {
				uint32_t off = snap->keyoff[pass.v[t + KEYS_AHEAD]];
				if (t + 2 * KEYS_AHEAD < pass.n)
					__builtin_prefetch(
					    &snap->keyoff[pass.v[t + 2 * KEYS_AHEAD]]);
				if (off < snap->keyslen)
					__builtin_prefetch(snap->keys + off);
			}
		keys:
			if (!snapshot_keys(snap, i, &comp, &complen, &name, &namelen))
				goto whole; /* damaged: the whole scan says so */
			cls = rank_strong(q, comp, complen, name, namelen);
			if (cls < MATCH_WORD)
				continue;
			e = &snap->v[i]; /* read only for a strong match: most are not */
			if (namelen)     /* for the visits (load_visits()) */
				pass_push(&named, (uint32_t)i);
		}
		flags = (e->flags & CAND_PROJECT) | (e->flags & SNAP_TEST ? CAND_TEST : 0);
		near = a.phi && a.plo <= i && i < a.phi;
		exact = cls == MATCH_EXACT;
		key = rank_prekey(set, exact, flags, near, away_of(&a, i, e->depth));
		nstrong++;
		/* kept: what can reach the cut (it only rises), every exact
		   match and the strong match after each (holds_next()) */
		if (exact || after_exact || nbest < want || key >= best[nbest - 1]) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n].i = (uint32_t)i;
			v[n].exact = (uint8_t)exact;
			v[n].take = v[n].above = 0;
			v[n].key = key;
			n++;
		}
		after_exact = exact;
		if (i != a.cwd && (nbest < want || key > best[nbest - 1])) {
			/* the WANT best prekeys, in decreasing order */
			size_t p = nbest < want ? nbest++ : nbest - 1;
			for (; p && best[p - 1] < key; p--)
				best[p] = best[p - 1];
			best[p] = key;
		}
	}
	if (nbest < want)
		goto whole; /* few strong matches: the weak ones count */
	cut = best[want - 1];
	/* those that tie with the best or beat them, the strong matches that
	   hold them (a project answering for them), the first one an exact
	   match holds (that protects it) */
	for (j = 0; j < n; j++) {
		uint32_t up, below;
		int holds = v[j].exact && holds_next(snap, v, n, j);
		if (v[j].exact && ((snap->v[v[j].i].flags & SNAP_PROJECT) || holds))
			set->exact_unloaded = 1; /* protected, so exact names first */
		if (v[j].key < cut)
			continue;
		v[j].take = v[j].above = 1;
		if (holds)
			v[j + 1].take = 1;
		for (below = v[j].i, up = snap->v[below].parent; up && up < below;
		     below = up, up = snap->v[up].parent) {
			size_t at = strong_at(v, n, up);
			int r;
			if (at != SIZE_MAX) {
				v[at].take = 1;
				continue;
			}
			/* a strong match not kept: taken all the same */
			if ((r = is_strong(snap, q, &pass, up, one)) < 0)
				goto whole;
			if (r)
				pass_push(&held, up);
		}
	}
	if (held.n && merge_held(&v, &n, &cap, &held) < 0)
		goto whole;
	/* the root answers to the repository's name: always in */
	add_entry(set, snap, 0, 0);
	for (j = 0; j < n; j++) {
		if (!v[j].take)
			continue;
		if (!snapshot_entry_ok(snap, &snap->v[v[j].i]))
			goto whole;
		add_entry(set, snap, v[j].i, v[j].above ? CAND_ABOVE : 0);
		taken++;
	}
	set->strong_unloaded = nstrong - taken;
	free(v);
	free(pass.v);
	free(held.v);
	/* the visited folders that are strong matches: frecency reorders
	   them among the others; a weak one never beats the strong ones
	   above, so it is not looked up in the index at all */
	loaded = load_visits(set, snap, db, now, VISITS_STRONG, &plain, 1, &named);
	free(named.v);
	return loaded < 0 ? -1 : 1;
whole:
	set->n = 0;
	buf_setlen(&set->arena, 0);
	set->strong_unloaded = 0;
	set->exact_unloaded = 0;
	free(v);
	free(pass.v);
	free(held.v);
	free(named.v);
	return 0;
}

int cand_load_history(struct cand_set *set, struct db *db, int64_t now)
{
	struct history_scan scan;
	struct view_visit row;
	int rc;

	if (history_scan_start(&scan, db, NULL, 0, NULL, 0) < 0)
		return -1;
	while ((rc = history_scan_next(&scan, &row)) > 0) {
		size_t i;
		if (!row.path || !row.len)
			continue;
		i = cand_set_add(set, row.path, row.len, NULL, 0, 0,
		                 history_frecency(row.rank, row.last, now));
		set->v[i].recent = history_recent(row.last, row.seq, now);
	}
	history_scan_end(&scan);
	return rc < 0 ? -1 : 0;
}
