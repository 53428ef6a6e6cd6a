/* snapbuild.c - build a snapshot in memory, on every core, and write it */
#include "snapbuild.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "match.h"
#include "prefilter.h"
#include "testcode.h"

void snap_builder_init(struct snap_builder *b)
{
	memset(b, 0, sizeof(*b));
}

void snap_builder_release(struct snap_builder *b)
{
	free(b->v);
	free(b->pairs);
	free(b->starts);
	free(b->keyoff);
	buf_release(&b->keys);
	free(b->stack);
	buf_release(&b->pool);
	memset(b, 0, sizeof(*b));
}

/* Is the folder REL (LEN bytes), a child of entry PARENT of B (SNAP_NONE:
 * none), test code? Its parent says so for itself, or one of the
 * components past the parent's path does: usually just the last, more
 * when a folder between was left out of the index. */
static int is_test_below(const struct snap_builder *b, uint32_t parent, const char *rel, size_t len)
{
	const struct snap_entry *p;

	if (parent == SNAP_NONE)
		return testcode_path(rel, 0, len);
	p = &b->v[parent];
	return (p->flags & SNAP_TEST) || testcode_path(rel, p->pathlen ? p->pathlen + 1 : 0, len);
}

/* Entry INDEX of B for IT, below entry PARENT (SNAP_NONE: none), test code
 * when TEST: its path and name copied to *POOL and its keys to *KEYS (room
 * made by the caller), which move past them; its depth, mask and pairs
 * computed. The last component and the declared name are where a
 * query's last keyword must be, so they make the mask, pairs and keys. */
static void fill_entry(struct snap_builder *b, uint32_t index, const struct snap_item *it,
                       uint32_t parent, int test, char **pool, char **keys)
{
	struct snap_entry *e = &b->v[index];
	const char *comp = memrchr(it->rel, '/', it->len);
	size_t k, complen;
	uint16_t dirs;

	memset(e, 0, sizeof(*e));
	e->parent = parent;
	e->path = (uint32_t)(*pool - b->pool.data);
	e->pathlen = (uint32_t)it->len;
	memcpy(*pool, it->rel, it->len);
	(*pool)[it->len] = '\0';
	*pool += it->len + 1;
	if (it->namelen) {
		e->name = (uint32_t)(*pool - b->pool.data);
		e->namelen = (uint16_t)it->namelen;
		memcpy(*pool, it->name, it->namelen);
		(*pool)[it->namelen] = '\0';
		*pool += it->namelen + 1;
	}
	e->flags = (it->flags & ~SNAP_TEST) | (test ? SNAP_TEST : 0);
	for (dirs = it->len ? 1 : 0, k = 0; k < it->len; k++)
		if (it->rel[k] == '/' && dirs < UINT16_MAX)
			dirs++;
	e->depth = dirs;
	comp = comp ? comp + 1 : it->rel;
	complen = it->len - (size_t)(comp - it->rel);
	e->mask = prefilter_mask(it->name, it->namelen, prefilter_mask(comp, complen, 0));
	b->pairs[index] = prefilter_pairs(it->name, it->namelen, prefilter_pairs(comp, complen, 0));
	b->starts[index] =
	    match_word_starts(it->name, it->namelen, match_word_starts(comp, complen, 0));
	b->keyoff[index] = (uint32_t)(*keys - b->keys.data);
	memcpy(*keys, comp, complen);
	(*keys)[complen] = '\0';
	*keys += complen + 1;
	if (it->namelen)
		memcpy(*keys, it->name, it->namelen);
	(*keys)[it->namelen] = '\0';
	*keys += it->namelen + 1;
}

int snap_builder_add(struct snap_builder *b, const char *rel, size_t len, const char *name,
                     size_t namelen, uint32_t flags)
{
	const struct snap_item it = {rel, name, len, namelen, flags};
	uint32_t parent;
	char *pool, *keys;

	if (memchr(rel, '\0', len) || (namelen && memchr(name, '\0', namelen)) ||
	    namelen > UINT16_MAX)
		return -1;
	if (b->pool.len + len + namelen + 2 > UINT32_MAX ||
	    b->keys.len + len + namelen + 2 > UINT32_MAX || b->n >= SNAP_NONE - 1)
		return -1;
	if (b->n) {
		const struct snap_entry *last = &b->v[b->n - 1];
		if (snapshot_cmp(b->pool.data + last->path, last->pathlen, rel, len) >= 0)
			return -1;
	}
	while (b->depth) {
		const struct snap_entry *up = &b->v[b->stack[b->depth - 1]];
		if (snapshot_is_below(b->pool.data + up->path, up->pathlen, rel, len))
			break;
		b->depth--;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
		b->pairs = xrealloc(b->pairs, b->cap * sizeof(*b->pairs));
		b->starts = xrealloc(b->starts, b->cap * sizeof(*b->starts));
		b->keyoff = xrealloc(b->keyoff, b->cap * sizeof(*b->keyoff));
	}
	buf_grow(&b->pool, len + namelen + 2);
	buf_grow(&b->keys, len + namelen + 2);
	pool = b->pool.data + b->pool.len;
	keys = b->keys.data + b->keys.len;
	parent = b->depth ? b->stack[b->depth - 1] : SNAP_NONE;
	fill_entry(b, (uint32_t)b->n, &it, parent, is_test_below(b, parent, rel, len), &pool,
	           &keys);
	buf_setlen(&b->pool, (size_t)(pool - b->pool.data));
	buf_setlen(&b->keys, (size_t)(keys - b->keys.data));
	if (b->depth == b->stackcap) {
		b->stackcap = b->stackcap ? b->stackcap * 2 : 64;
		b->stack = xrealloc(b->stack, b->stackcap * sizeof(*b->stack));
	}
	b->stack[b->depth++] = (uint32_t)b->n++;
	return 0;
}

/* ---- many entries at once ----------------------------------------------------- */

/* An ancestor still open while entries are added: the stack of
 * snap_builder_add(), with what a thread needs of it at hand. */
struct open_dir {
	const char *rel;
	size_t len;
	uint32_t index; /* its entry */
	int test;       /* SNAP_TEST */
};

struct add_job {
	struct snap_builder *b;
	const struct snap_item *items;
	size_t lo, hi; /* this thread's items */
	int pass;      /* 1: check and size them; 2: add them */
	/* pass 1 */
	int bad;     /* out of order, a NUL, a name too long */
	size_t dups; /* equal to the one before */
	/* pass 1: the bytes they need; pass 2: where those start */
	uint64_t pool, keys;
};

/* Push D onto *STACK of *DEPTH entries, room for *CAP. */
static void push_open_dir(struct open_dir **stack, size_t *depth, size_t *cap, struct open_dir d)
{
	if (*depth == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*stack = xrealloc(*stack, *cap * sizeof(**stack));
	}
	(*stack)[(*depth)++] = d;
}

static void add_pass1(struct add_job *j)
{
	const struct snap_builder *b = j->b;
	size_t i;

	for (i = j->lo; i < j->hi && !j->bad; i++) {
		const struct snap_item *it = &j->items[i];
		const char *prev, *comp;
		size_t prevlen;
		int c = -1;

		if (memchr(it->rel, '\0', it->len) ||
		    (it->namelen && memchr(it->name, '\0', it->namelen)) ||
		    it->namelen > UINT16_MAX) {
			j->bad = 1;
			break;
		}
		if (i > 0) {
			prev = j->items[i - 1].rel;
			prevlen = j->items[i - 1].len;
		} else if (b->n) {
			prev = b->pool.data + b->v[b->n - 1].path;
			prevlen = b->v[b->n - 1].pathlen;
		} else {
			prev = NULL;
			prevlen = 0;
		}
		if (prev && (c = snapshot_cmp(prev, prevlen, it->rel, it->len)) > 0) {
			j->bad = 1;
			break;
		}
		if (c == 0) {
			j->dups++;
			continue;
		}
		comp = memrchr(it->rel, '/', it->len);
		comp = comp ? comp + 1 : it->rel;
		j->pool += it->len + 1 + (it->namelen ? it->namelen + 1 : 0);
		j->keys += it->len - (size_t)(comp - it->rel) + 1 + it->namelen + 1;
	}
}

/* Push onto *STACK (of *DEPTH, room for *CAP) the folders open before
 * ITEMS[LO]: the builder's own, then earlier items, found by their paths. */
static void seed(const struct add_job *j, struct open_dir **stack, size_t *depth, size_t *cap)
{
	const struct snap_builder *b = j->b;
	const struct snap_item *it = &j->items[j->lo];
	size_t d, p;

	for (d = 0; d < b->depth; d++) {
		const struct snap_entry *e = &b->v[b->stack[d]];
		struct open_dir o = {b->pool.data + e->path, e->pathlen, b->stack[d],
		                     (e->flags & SNAP_TEST) != 0};
		if (j->lo > 0 && !snapshot_is_below(o.rel, o.len, it->rel, it->len))
			break; /* nor any deeper one */
		push_open_dir(stack, depth, cap, o);
	}
	if (j->lo == 0)
		return;
	/* the root, then each folder on the way to the item */
	for (p = 0; p < it->len; p++) {
		size_t lo = 0, hi = j->lo;
		if (p > 0 && it->rel[p] != '/')
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = snapshot_cmp(j->items[mid].rel, j->items[mid].len, it->rel, p);
			if (c == 0) {
				lo = mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= j->lo || j->items[lo].len != p ||
		    snapshot_cmp(j->items[lo].rel, p, it->rel, p) != 0)
			continue; /* not indexed: its nearest indexed ancestor stands in */
		push_open_dir(stack, depth, cap,
		              (struct open_dir){it->rel, p, (uint32_t)(b->n + lo),
		                                testcode_path(it->rel, 0, p)});
	}
}

static void add_pass2(struct add_job *j)
{
	struct snap_builder *b = j->b;
	struct open_dir *stack = NULL;
	size_t depth = 0, cap = 0, i;
	char *pool = b->pool.data + j->pool, *keys = b->keys.data + j->keys;

	seed(j, &stack, &depth, &cap);
	for (i = j->lo; i < j->hi; i++) {
		const struct snap_item *it = &j->items[i];
		uint32_t index = (uint32_t)(b->n + i), parent = SNAP_NONE;
		int test;

		while (depth && !snapshot_is_below(stack[depth - 1].rel, stack[depth - 1].len,
		                                   it->rel, it->len))
			depth--;
		if (depth) {
			const struct open_dir *p = &stack[depth - 1];
			parent = p->index;
			test = p->test || testcode_path(it->rel, p->len ? p->len + 1 : 0, it->len);
		} else {
			test = testcode_path(it->rel, 0, it->len);
		}
		fill_entry(b, index, it, parent, test, &pool, &keys);
		push_open_dir(&stack, &depth, &cap,
		              (struct open_dir){it->rel, it->len, index, test});
	}
	free(stack);
}

static void *add_run(void *arg)
{
	struct add_job *j = arg;

	if (j->pass == 1)
		add_pass1(j);
	else
		add_pass2(j);
	return NULL;
}

/* Run pass PASS of every job. */
static void add_jobs(struct add_job *job, int n, int pass)
{
	int k;

	for (k = 0; k < n; k++)
		job[k].pass = pass;
	run_jobs(add_run, job, sizeof(*job), n);
}

/* ITEMS[0..N) less each item equal to the one before it, or to B's last
 * entry, into a new array of *KEPT items. */
static struct snap_item *without_dups(const struct snap_builder *b, const struct snap_item *items,
                                      size_t n, size_t *kept)
{
	struct snap_item *out = xmalloc((n + 1) * sizeof(*out));
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const char *prev = k      ? out[k - 1].rel
		                   : b->n ? b->pool.data + b->v[b->n - 1].path
		                          : NULL;
		size_t prevlen = k ? out[k - 1].len : b->n ? b->v[b->n - 1].pathlen : 0;
		if (prev && snapshot_cmp(prev, prevlen, items[i].rel, items[i].len) == 0)
			continue;
		out[k++] = items[i];
	}
	*kept = k;
	return out;
}

int snap_builder_add_all(struct snap_builder *b, const struct snap_item *items, size_t n,
                         int threads)
{
	struct add_job job[MCD_MAX_JOBS];
	uint64_t pool = 0, keys = 0;
	size_t dups = 0, i, d;
	uint32_t at;
	int k, nt = threads;

	if (n == 0)
		return 0;
	if (nt > MCD_MAX_JOBS)
		nt = MCD_MAX_JOBS;
	if ((size_t)nt > n)
		nt = (int)n;
	if (nt < 1)
		nt = 1;
	memset(job, 0, sizeof(job));
	for (k = 0; k < nt; k++)
		job[k] = (struct add_job){.b = b,
		                          .items = items,
		                          .lo = n * (size_t)k / (size_t)nt,
		                          .hi = n * (size_t)(k + 1) / (size_t)nt};
	add_jobs(job, nt, 1);
	for (k = 0; k < nt; k++) {
		if (job[k].bad)
			return -1;
		dups += job[k].dups;
		pool += job[k].pool;
		keys += job[k].keys;
	}
	if (dups) {
		struct snap_item *kept = without_dups(b, items, n, &n);
		int r = snap_builder_add_all(b, kept, n, threads);
		free(kept);
		return r;
	}
	if (b->pool.len + pool > UINT32_MAX || b->keys.len + keys > UINT32_MAX ||
	    b->n + n > SNAP_NONE - 1)
		return -1;
	if (b->n + n > b->cap) {
		b->cap = b->n + n;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
		b->pairs = xrealloc(b->pairs, b->cap * sizeof(*b->pairs));
		b->starts = xrealloc(b->starts, b->cap * sizeof(*b->starts));
		b->keyoff = xrealloc(b->keyoff, b->cap * sizeof(*b->keyoff));
	}
	buf_grow(&b->pool, (size_t)pool);
	buf_grow(&b->keys, (size_t)keys);
	pool = b->pool.len;
	keys = b->keys.len;
	for (k = 0; k < nt; k++) {
		uint64_t p = job[k].pool, q = job[k].keys;
		job[k].pool = pool;
		job[k].keys = keys;
		pool += p;
		keys += q;
	}
	add_jobs(job, nt, 2);
	b->n += n;
	buf_setlen(&b->pool, (size_t)pool);
	buf_setlen(&b->keys, (size_t)keys);
	/* the open ancestors of the last entry, for snap_builder_add() */
	for (d = 0, at = (uint32_t)(b->n - 1); at != SNAP_NONE; at = b->v[at].parent)
		d++;
	if (d > b->stackcap) {
		b->stackcap = d;
		b->stack = xrealloc(b->stack, b->stackcap * sizeof(*b->stack));
	}
	b->depth = d;
	for (i = d, at = (uint32_t)(b->n - 1); at != SNAP_NONE; at = b->v[at].parent)
		b->stack[--i] = at;
	return 0;
}

/* mkdir DIR 0700 unless it is there. */
static int make_dir(const char *dir)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error("cannot create '%s': %s", quote_for_humans(dir), strerror(errno));
	return 0;
}

/* Write IOV[0..N) at OFF of FD. Returns 0, or -1 with errno set. */
static int write_all(int fd, struct iovec *iov, int n, off_t off)
{
	while (n > 0) {
		ssize_t w = pwritev(fd, iov, n, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* A write_all() on a thread of its own. */
struct write_job {
	int fd, n, err;
	struct iovec *iov;
	off_t off;
	pthread_t tid;
};

static void *write_run(void *arg)
{
	struct write_job *j = arg;

	j->err = write_all(j->fd, j->iov, j->n, j->off) < 0 ? errno : 0;
	return NULL;
}

/* B's masks, pairs and word starts into ROWS (zeroed), as SNAP_SLICES rows
 * of WORDS words (snap_slice()), and how many entries have each bit into
 * ONES. */
static void slice(const struct snap_builder *b, uint64_t *rows, size_t words, uint32_t *ones)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		uint64_t bit = 1ull << (i % 64), m = b->v[i].mask, p = b->pairs[i],
		         w = b->starts[i];
		for (; m; m &= m - 1)
			rows[(size_t)__builtin_ctzll(m) * words + i / 64] |= bit;
		for (; p; p &= p - 1)
			rows[(size_t)(SNAP_SLICE_PAIRS + __builtin_ctzll(p)) * words + i / 64] |=
			    bit;
		for (; w; w &= w - 1)
			rows[(size_t)(SNAP_SLICE_STARTS + __builtin_ctzll(w)) * words + i / 64] |=
			    bit;
	}
	for (i = 0; i < SNAP_SLICES; i++) {
		size_t w, n = 0;
		for (w = 0; w < words; w++)
			n += (size_t)__builtin_popcountll(rows[i * words + w]);
		ones[i] = (uint32_t)n;
	}
}

int snap_builder_write(const struct snap_builder *b, const char *root, const char *file,
                       int64_t indexed_at, uint32_t flags)
{
	static const char zeros[8];
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	struct snap_header h;
	struct iovec iov[9];
	uint64_t *slices = NULL;
	size_t pad2;
	size_t rootlen = strlen(root), pad;
	struct write_job job;
	int fd = -1, ret = -1, started, err;
	char *slash;

	if (!file) {
		if (snapshot_file(root, &path) < 0)
			goto out;
		/* the data folder and its index folder */
		slash = strrchr(path.data, '/');
		*slash = '\0';
		*strrchr(path.data, '/') = '\0';
		if (make_dir(path.data) < 0)
			goto out;
		path.data[strlen(path.data)] = '/';
		if (make_dir(path.data) < 0)
			goto out;
		*slash = '/';
		file = path.data;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.version = SNAP_VERSION;
	h.flags = flags;
	h.exclude = b->exclude;
	h.indexed_at = indexed_at;
	h.count = b->n;
	h.root = sizeof(h);
	h.rootlen = rootlen;
	pad = (8 - (sizeof(h) + rootlen) % 8) % 8;
	h.entries = sizeof(h) + rootlen + pad;
	h.pool = h.entries + b->n * sizeof(*b->v);
	h.poollen = b->pool.len;
	pad2 = (8 - h.poollen % 8) % 8;
	h.slices = h.pool + h.poollen + pad2;
	h.words = (b->n + 63) / 64;
	h.keyoff = h.slices + SNAP_SLICES * h.words * sizeof(uint64_t);
	h.keys = h.keyoff + b->n * sizeof(uint32_t);
	h.keyslen = b->keys.len;
	h.size = h.keys + h.keyslen;
	/* before the file exists: running out of memory leaves nothing behind */
	slices = xcalloc(SNAP_SLICES * h.words + 1, sizeof(*slices));
	iov[0] = (struct iovec){&h, sizeof(h)};
	iov[1] = (struct iovec){(void *)root, rootlen};
	iov[2] = (struct iovec){(void *)zeros, pad};
	iov[3] = (struct iovec){b->v, b->n * sizeof(*b->v)};
	iov[4] = (struct iovec){b->pool.data ? b->pool.data : (char *)zeros, b->pool.len};
	iov[5] = (struct iovec){(void *)zeros, pad2};
	iov[6] = (struct iovec){slices, SNAP_SLICES * h.words * sizeof(*slices)};
	iov[7] = (struct iovec){b->keyoff ? (void *)b->keyoff : (void *)zeros,
	                        b->n * sizeof(*b->keyoff)};
	iov[8] = (struct iovec){b->keys.data ? b->keys.data : (char *)zeros, b->keys.len};

	/* aside, then renamed over: readers see the old file or the new one */
	buf_addf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST && unlink(tmp.data) == 0) /* a crashed run's */
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		error("cannot create '%s': %s", quote_for_humans(tmp.data), strerror(errno));
		goto out;
	}
	/* the paths go out while the slices are made; the header, which
	   counts their bits, last */
	job = (struct write_job){.fd = fd, .n = 5, .iov = iov + 1, .off = (off_t)sizeof(h)};
	started = pthread_create(&job.tid, NULL, write_run, &job) == 0;
	slice(b, slices, h.words, h.ones);
	if (started)
		pthread_join(job.tid, NULL);
	else
		write_run(&job);
	err = job.err;
	if (!err &&
	    (write_all(fd, iov + 6, 3, (off_t)h.slices) < 0 || write_all(fd, iov, 1, 0) < 0))
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	fd = -1;
	if (err) {
		error("cannot write '%s': %s", quote_for_humans(tmp.data), strerror(err));
		unlink(tmp.data);
		goto out;
	}
	if (rename(tmp.data, file) < 0) {
		error("cannot rename '%s': %s", quote_for_humans(tmp.data), strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	ret = 0;
out:
	free(slices);
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	buf_release(&tmp);
	return ret;
}

int snapshot_touch(const char *root, int64_t indexed_at)
{
	struct buf path = BUF_INIT;
	int fd, ret = -1;

	if (snapshot_file(root, &path) == 0 &&
	    (fd = open(path.data, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		if (pwrite(fd, &indexed_at, sizeof(indexed_at),
		           (off_t)offsetof(struct snap_header, indexed_at)) == sizeof(indexed_at))
			ret = 0;
		close(fd);
	}
	buf_release(&path);
	return ret;
}
