/* rank.c - load candidates, match them against keywords, order them */
#include "rank.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "history.h"
#include "prefilter.h"
#include "snapshot.h"
#include "testcode.h"

void cand_set_init(struct cand_set *set, const char *root)
{
	memset(set, 0, sizeof(*set));
	set->root = root ? xstrdup(root) : NULL;
}

void cand_set_release(struct cand_set *set)
{
	free(set->v);
	buf_release(&set->arena);
	free(set->root);
	memset(set, 0, sizeof(*set));
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

/* The index entry for REL among the first N candidates, in snapshot order
 * (the order rank_load_repo adds them in), or NULL. */
static struct cand *find_rel(struct cand_set *set, size_t n, const char *rel, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct cand *c = &set->v[mid];
		int r = snapshot_cmp(cand_path(set, c), c->len, rel, len);
		if (r == 0)
			return c;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The cheap tests a candidate passes before it is copied: every character
 * a match needs is in its mask, and the keywords occur in order as
 * subsequences. Both accept a superset of what rank_match() accepts. */
struct prefilter {
	const struct rank_query *q;
	uint64_t need, pairs; /* bits an entry's mask and pairs must have */
	unsigned char slice[SNAP_SLICES]; /* their slice rows, rarest first */
	size_t nslices;
};

static void norm_init(void);

static void prefilter_init(struct prefilter *f, const struct rank_query *q)
{
	uint64_t rest, full;

	f->q = q && q->n ? q : NULL;
	f->need = f->pairs = 0;
	norm_init();
	if (!f->q)
		return;
	/* an entry's mask covers its last component and declared name: the
	   last keyword is in the one, or the whole last one in the other */
	rest = prefilter_mask(q->kw[q->n - 1], q->len[q->n - 1], 0);
	full = prefilter_mask(q->full, q->fulllen, 0);
	f->need = rest & full;
	f->pairs = prefilter_needed_pairs(q->kw[q->n - 1], q->len[q->n - 1]) &
		   prefilter_needed_pairs(q->full, q->fulllen);
}

/* Bytes as match.c compares them: ASCII lowercase, one separator. */
static unsigned char norm_table[256];

static void norm_init(void)
{
	int c;

	if (norm_table['a'])
		return;
	for (c = 0; c < 256; c++)
		norm_table[c] = prefilter_fold((unsigned char)c);
}

/* Is normalised NEEDLE a subsequence of HAY[*AT..LEN)? Moves *AT past it. */
static int subseq(const char *needle, size_t nlen, const char *hay, size_t len, size_t *at)
{
	size_t i = 0, j = *at;

	for (; j < len && i < nlen; j++)
		if (norm_table[(unsigned char)hay[j]] == (unsigned char)needle[i])
			i++;
	*at = j;
	return i == nlen;
}

/* rank_match() needs, for the folder itself, the last keyword in the last
 * component and the others in order along the path; for its declared name,
 * the keywords before the last along the path and the last whole in the
 * name. These tests are the subsequence part of both. */
static int prefilter_pass(const struct prefilter *f, const struct snapshot *s,
			  const struct snap_entry *e)
{
	const struct rank_query *q = f->q;
	const char *path = snap_path(s, e), *slash;
	size_t i, at = 0, last, zero = 0, n;

	if (!q || !e->pathlen)
		return 1; /* the root matches by the repository's name */
	if ((e->mask & f->need) != f->need)
		return 0;
	n = q->n;
	slash = memrchr(path, '/', e->pathlen);
	last = slash ? (size_t)(slash + 1 - path) : 0;
	if (subseq(q->kw[n - 1], q->len[n - 1], path, e->pathlen, &last)) {
		for (i = 0; i + 1 < n; i++)
			if (!subseq(q->kw[i], q->len[i], path, e->pathlen, &at))
				break;
		if (i + 1 == n)
			return 1;
	}
	if (!e->namelen)
		return 0;
	for (at = 0, i = 0; i < q->nbefore; i++)
		if (!subseq(q->kw[i], q->len[i], path, e->pathlen, &at))
			return 0;
	return subseq(q->full, q->fulllen, snap_name(s, e), e->namelen, &zero);
}

int rank_load_repo(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now)
{
	return rank_load_repo_matching(set, db, repo_id, now, NULL);
}

int rank_load_repo_matching(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now,
			    const struct rank_query *q)
{
	return rank_load_repo_any(set, db, repo_id, now, &q, q && q->n ? 1 : 0);
}

/* The part of prefilter_pass() that needs only an entry's keys: the last
 * keyword in its last component, or the whole last one in its name. */
static int keys_pass(const struct rank_query *q, const char *comp, size_t complen, const char *name,
		     size_t namelen)
{
	size_t at = 0, zero = 0;

	return subseq(q->kw[q->n - 1], q->len[q->n - 1], comp, complen, &at) ||
	       (namelen && subseq(q->full, q->fulllen, name, namelen, &zero));
}

/* Do the mask and pairs of entry I of S have the bits of filter F? */
static int slices_pass(const struct prefilter *f, const struct snapshot *s, size_t i)
{
	size_t j;

	for (j = 0; j < f->nslices; j++)
		if (!(snap_slice(s, f->slice[j])[i / 64] >> (i % 64) & 1))
			return 0;
	return 1;
}

/* Could entry I of SNAP, whose mask and pairs pass one of the NF filters
 * F, match one of them? 1 yes, 0 no, -1 the snapshot is damaged. */
static int could_match(const struct prefilter *f, size_t nf, const struct snapshot *snap, size_t i)
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
		if (!keys_pass(f[k].q, comp, complen, name, namelen))
			continue;
		if (!snapshot_entry_ok(snap, &snap->v[i]))
			return -1;
		if (prefilter_pass(&f[k], snap, &snap->v[i]))
			return 1;
	}
	return 0;
}

/* Past this many folders to probe, their keys are mapped in one call:
 * scattered over the row, they would fault in nearly every page of it. */
#define PROBES_TO_POPULATE 256

/* How many probes ahead their keys are asked for. */
#define KEYS_AHEAD 8

/* The entries whose masks and pairs pass, in snapshot order. */
struct passed {
	uint32_t *v;
	size_t n, cap;
};

static void pass_push(struct passed *p, uint32_t i)
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
static void prefilter_slices(struct prefilter *f, const struct snapshot *s)
{
	size_t b, i, j;

	f->nslices = 0;
	for (b = 0; b < SNAP_SLICES; b++)
		if ((b < 64 ? f->need : f->pairs) >> (b % 64) & 1)
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
static void scan(const struct snapshot *s, const struct prefilter *f, size_t nf, struct passed *pass)
{
	unsigned char used[SNAP_SLICES] = {0};
	size_t w, k, j;

	for (k = 0; k < nf; k++)
		for (j = 0; j < f[k].nslices; j++)
			used[f[k].slice[j]] = 1;
	for (j = 0; j < SNAP_SLICES; j++)
		if (used[j])
			snapshot_populate_slice(s, (unsigned)j);
	for (w = 0; w < s->words; w++) {
		uint64_t any = 0;
		for (k = 0; k < nf; k++) {
			uint64_t x = ~0ull;
			for (j = 0; j < f[k].nslices && x; j++)
				x &= snap_slice(s, f[k].slice[j])[w];
			any |= x;
		}
		if (w == 0)
			any &= ~1ull; /* the root goes on apart */
		/* past the last entry: a filter without bits passes all */
		if (w + 1 == s->words && s->n % 64)
			any &= (1ull << (s->n % 64)) - 1;
		for (; any; any &= any - 1)
			pass_push(pass, (uint32_t)(w * 64 + (size_t)__builtin_ctzll(any)));
	}
}

/* The snapshot the last load mapped, kept for the next load of the same
 * repository in this process (completion loads twice: what was typed,
 * then the rivals of its forms): one mapping instead of two. A rewritten
 * snapshot is another file, and is mapped afresh. */
static struct {
	struct snapshot snap;
	char *root;
	int keys_in; /* the keys are mapped in already */
} mapped;

static int open_snapshot(const char *root, struct snapshot **out)
{
	int r;

	if (mapped.root && !strcmp(mapped.root, root) && snapshot_is_current(&mapped.snap, root)) {
		*out = &mapped.snap;
		return 1;
	}
	snapshot_close(&mapped.snap);
	free(mapped.root);
	mapped.root = NULL;
	mapped.keys_in = 0;
	r = snapshot_open_flags(&mapped.snap, root, NULL, 0);
	if (r < 0)
		return -1;
	mapped.root = xstrdup(root);
	*out = &mapped.snap;
	return r;
}

int rank_load_repo_any(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now,
		       const struct rank_query *const *qs, size_t nq)
{
	sqlite3_stmt *st;
	size_t nindexed, rootlen = strlen(set->root), i, t, nf = 0;
	struct buf lo = BUF_INIT, hi = BUF_INIT;
	struct snapshot *snap;
	struct passed pass = {NULL, 0, 0};
	struct prefilter *f = xcalloc(nq + 1, sizeof(*f));
	int rc, ok;

	(void)repo_id; /* the snapshot is found by the root */
	for (i = 0; i < nq; i++) {
		prefilter_init(&f[nf], qs[i]);
		nf += f[nf].q != NULL;
	}
	if (nf < nq)
		nf = 0; /* a query without keywords takes everything */
	/* a missing or damaged snapshot is an empty index: the caller's
	   refresh on a miss rebuilds it */
	if (open_snapshot(set->root, &snap) < 0) {
		free(f);
		return -1;
	}
	/* the masks and pairs first, the rest for those that pass: when
	   many do, their keys are mapped in one call */
	if (nf && snap->n) {
		for (i = 0; i < nf; i++)
			prefilter_slices(&f[i], snap);
		scan(snap, f, nf, &pass);
	}
	if (pass.n > PROBES_TO_POPULATE && !mapped.keys_in) {
		snapshot_populate_keys(snap);
		mapped.keys_in = 1;
	}
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
			cand_set_add(set, snap_path(snap, e), e->pathlen, snap_name(snap, e), e->namelen,
				     (e->flags & CAND_PROJECT) | CAND_TEST_KNOWN |
					     (e->flags & SNAP_TEST ? CAND_TEST : 0),
				     0);
	}
	free(pass.v);
	nindexed = set->n;

	/* history at and below the root: [root, root + "0") holds root/...
	   ('/' + 1 == '0') and some siblings like root-x, filtered below */
	st = db_stmt(db, STMT_VISIT_UNDER);
	if (!st) {
		free(f);
		return -1;
	}
	buf_add(&lo, set->root, rootlen);
	buf_add(&hi, set->root, rootlen);
	buf_addch(&hi, rootlen == 1 ? '\xff' : '0');
	sqlite3_bind_blob(st, 1, lo.data, (int)lo.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hi.data, (int)hi.len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0), skip;
		double fr = history_frecency(sqlite3_column_double(st, 1), sqlite3_column_int64(st, 2), now);
		int64_t recent = history_recent(sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), now);
		struct cand *c;

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
		c = find_rel(set, nindexed, path + skip, len - skip);
		if (!c) {
			/* indexed but filtered out: it cannot match */
			if (nf && snapshot_find(snap, path + skip, len - skip) != SNAP_NONE)
				continue;
			size_t k = cand_set_add(set, path + skip, len - skip, NULL, 0, 0, 0);
			c = &set->v[k]; /* after the call: it may move set->v */
		}
		c->frecency = fr;
		c->recent = recent;
	}
	sqlite3_reset(st);
	free(f);
	buf_release(&lo);
	buf_release(&hi);
	if (rc != SQLITE_DONE)
		return db_error(db, "cannot read history");
	return 0;
}

int rank_load_history(struct cand_set *set, struct db *db, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, STMT_VISIT_ALL);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		if (!path || !len)
			continue;
		size_t i = cand_set_add(set, path, len, NULL, 0, 0,
					history_frecency(sqlite3_column_double(st, 1),
							 sqlite3_column_int64(st, 2), now));
		set->v[i].recent = history_recent(sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), now);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, "cannot read history");
	return 0;
}

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
				if (match_name(q->kw[i], q->len[i], path + start, k - start, &m) == MATCH_EXACT) {
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
		if ((s != name || slen != c->namelen) && match_name(q->full, q->fulllen, s, slen, &m))
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
