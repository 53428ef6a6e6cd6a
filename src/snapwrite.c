/* snapwrite.c - write a snapshot straight from the folders found, block by
 * block, on every core
 *
 * The index of a million folders holds their paths once, in the walk's
 * arenas; a snapshot built in memory beside them (entries, pool, keys,
 * slices) doubled that. Here each thread fills a block of entries with
 * their pool, keys and slice bits, writes it where it goes in the file
 * and reuses the buffers: what is held besides the caller's folders is a
 * few MiB per thread.
 */
#include "snapbuild.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "match.h"
#include "prefilter.h"
#include "testcode.h"

/* Entries a thread fills before writing them out: a multiple of 64, so
 * each block's slice words are its own. */
#define BLOCK 32768

static void item_at(const struct snap_items *s, size_t i, struct snap_item *it)
{
	s->get(s->ctx, i, it);
}

/* ---- the items' order, sizes and duplicates ------------------------------------ */

struct write_job {
	const struct snap_items *items;
	size_t lo, hi; /* this thread's items; LO a multiple of 64 */
	/* pass 1 */
	int bad;     /* out of order, a NUL, a name too long */
	size_t dups; /* equal to the one before */
	/* pass 1: the bytes they need; pass 2: where those start */
	uint64_t pool, keys;
	/* pass 2 */
	const struct snap_header *h;
	int fd, err;                /* errno of a failed write */
	uint32_t ones[SNAP_SLICES]; /* of this thread's entries */
};

static void *check_run(void *arg)
{
	struct write_job *j = arg;
	struct snap_item it, prev = {NULL, NULL, 0, 0, 0};
	size_t i;

	if (j->lo > 0 && j->lo < j->hi)
		item_at(j->items, j->lo - 1, &prev);
	for (i = j->lo; i < j->hi; i++, prev = it) {
		const char *comp;
		int c = -1;

		item_at(j->items, i, &it);
		if (memchr(it.rel, '\0', it.len) ||
		    (it.namelen && memchr(it.name, '\0', it.namelen)) || it.namelen > UINT16_MAX) {
			j->bad = 1;
			break;
		}
		if (i > 0 && (c = snapshot_cmp(prev.rel, prev.len, it.rel, it.len)) > 0) {
			j->bad = 1;
			break;
		}
		if (c == 0) {
			j->dups++;
			continue;
		}
		comp = memrchr(it.rel, '/', it.len);
		comp = comp ? comp + 1 : it.rel;
		j->pool += it.len + 1 + (it.namelen ? it.namelen + 1 : 0);
		j->keys += it.len - (size_t)(comp - it.rel) + 1 + it.namelen + 1;
	}
	return NULL;
}

/* Items less those equal to the one before them. */
struct kept {
	const struct snap_items *all;
	uint32_t *index;
};

static void kept_get(const void *ctx, size_t i, struct snap_item *it)
{
	const struct kept *k = ctx;
	item_at(k->all, k->index[i], it);
}

/* ---- filling and writing blocks ------------------------------------------------- */

/* An ancestor still open while entries are filled. */
struct open_dir {
	const char *rel;
	size_t len;
	uint32_t index; /* its entry */
	int test;       /* SNAP_TEST */
};

static void push_open_dir(struct open_dir **stack, size_t *depth, size_t *cap, struct open_dir d)
{
	if (*depth == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*stack = xrealloc(*stack, *cap * sizeof(**stack));
	}
	(*stack)[(*depth)++] = d;
}

/* Push onto *STACK the indexed folders on the way to J's first item,
 * found among the items before it by their paths. */
static void seed(const struct write_job *j, struct open_dir **stack, size_t *depth, size_t *cap)
{
	struct snap_item it, probe;
	size_t p;

	if (j->lo == 0)
		return;
	item_at(j->items, j->lo, &it);
	/* the root, then each folder on the way to the item */
	for (p = 0; p < it.len; p++) {
		size_t lo = 0, hi = j->lo;
		if (p > 0 && it.rel[p] != '/')
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c;
			item_at(j->items, mid, &probe);
			c = snapshot_cmp(probe.rel, probe.len, it.rel, p);
			if (c == 0) {
				lo = mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= j->lo)
			continue;
		item_at(j->items, lo, &probe);
		if (probe.len != p || snapshot_cmp(probe.rel, p, it.rel, p) != 0)
			continue; /* not indexed: its nearest indexed ancestor stands in */
		push_open_dir(
		    stack, depth, cap,
		    (struct open_dir){it.rel, p, (uint32_t)lo, testcode_path(it.rel, 0, p)});
	}
}

/* Write (WRITING) or read all LEN bytes of BUF at OFF of FD; 0 or an
 * errno (EIO: a read met the end of the file). */
static int all_at(int fd, char *buf, size_t len, off_t off, int writing)
{
	while (len) {
		ssize_t n = writing ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (n == 0)
			return EIO;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

static int put(int fd, const void *buf, size_t len, off_t off)
{
	return all_at(fd, (char *)(uintptr_t)buf, len, off, 1);
}

static int get(int fd, void *buf, size_t len, off_t off)
{
	return all_at(fd, buf, len, off, 0);
}

/* The file is written in stretches of this size, at offsets that are
 * multiples of it: the page cache then holds it in folios as large (2 MiB,
 * a huge page), and a reader's mapping takes a whole one per fault with a
 * single page table entry. Written block by block as the entries are made,
 * it sat in folios of 4-32 KiB, each mapped page by page: a query that
 * reads a few hundred scattered folders of a million spent most of its
 * time mapping (a fault each, and as much again unmapping at exit). */
#define EXTENT (2u << 20)

/* Copy SIZE bytes of FROM to TO in EXTENTs; 0 or an errno. */
static int copy_out(int from, int to, uint64_t size)
{
	char *b = xmalloc(size < EXTENT ? size + 1 : EXTENT);
	uint64_t off;
	int err = 0;

	for (off = 0; off < size && !err; off += EXTENT) {
		size_t len = size - off < EXTENT ? (size_t)(size - off) : EXTENT;
		err = get(from, b, len, (off_t)off);
		if (!err)
			err = put(to, b, len, (off_t)off);
	}
	free(b);
	return err;
}

/* Where the blocks are written, in any order, before the file is copied
 * out in EXTENTs: an unnamed file beside FILE (FD), whose pages the kernel
 * can write back and drop when memory is short, else one in memory, else
 * FD itself (written in place, in small folios). */
static int open_stage(const char *file, int fd)
{
	const char *slash = strrchr(file, '/');
	struct buf dir = BUF_INIT;
	int stage = -1;

	if (slash && slash > file)
		buf_add(&dir, file, (size_t)(slash - file));
	else
		buf_adds(&dir, slash ? "/" : ".");
#ifdef O_TMPFILE
	stage = open(dir.data, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	buf_release(&dir);
	if (stage < 0)
		stage = memfd_create("mcd-snapshot", MFD_CLOEXEC);
	return stage < 0 ? fd : stage;
}

/* Entries [AT, AT + N) are in E, KO, POOL, KEYS and ROWS: out they go. */
static int put_block(struct write_job *j, size_t at, size_t n, const struct snap_entry *e,
                     const uint32_t *ko, const struct buf *pool, const struct buf *keys,
                     const uint64_t *rows)
{
	const struct snap_header *h = j->h;
	size_t words = (n + 63) / 64, b, w;
	int err;

	if ((err = put(j->fd, e, n * sizeof(*e), (off_t)(h->entries + at * sizeof(*e)))) ||
	    (err = put(j->fd, pool->data, pool->len, (off_t)(h->pool + j->pool))) ||
	    (err = put(j->fd, ko, n * sizeof(*ko), (off_t)(h->keyoff + at * sizeof(*ko)))) ||
	    (err = put(j->fd, keys->data, keys->len, (off_t)(h->keys + j->keys))))
		return err;
	j->pool += pool->len;
	j->keys += keys->len;
	for (b = 0; b < SNAP_SLICES; b++) {
		const uint64_t *row = rows + b * (BLOCK / 64);
		for (w = 0; w < words; w++) /* most rows are sparse: a count is a call */
			if (row[w])
				j->ones[b] += (uint32_t)__builtin_popcountll(row[w]);
		if ((err = put(j->fd, row, words * sizeof(*row),
		               (off_t)(h->slices + (b * h->words + at / 64) * sizeof(*row)))))
			return err;
	}
	return 0;
}

/* Set BIT of word WORD of the rows FIRST + B of a block, for each bit B of
 * BITS. */
static inline void set_bits(uint64_t *rows, size_t first, uint64_t bits, size_t word, uint64_t bit)
{
	for (; bits; bits &= bits - 1)
		rows[(first + (size_t)__builtin_ctzll(bits)) * (BLOCK / 64) + word] |= bit;
}

static void *fill_run(void *arg)
{
	struct write_job *j = arg;
	struct open_dir *stack = NULL;
	struct snap_entry *e = xmalloc(BLOCK * sizeof(*e));
	uint32_t *ko = xmalloc(BLOCK * sizeof(*ko));
	uint64_t *rows = xmalloc(SNAP_SLICES * (BLOCK / 64) * sizeof(*rows));
	struct buf pool = BUF_INIT, keys = BUF_INIT;
	size_t depth = 0, cap = 0, at, i;

	if (j->lo < j->hi)
		seed(j, &stack, &depth, &cap);
	for (at = j->lo; at < j->hi && !j->err; at += BLOCK) {
		size_t end = j->hi - at < BLOCK ? j->hi : at + BLOCK;
		memset(rows, 0, SNAP_SLICES * (BLOCK / 64) * sizeof(*rows));
		buf_setlen(&pool, 0);
		buf_setlen(&keys, 0);
		for (i = at; i < end; i++) {
			struct snap_item it;
			struct snap_cursor pc, kc;
			uint32_t parent = SNAP_NONE;
			struct snap_bits bits;
			uint64_t bit = 1ull << (i % 64);
			size_t word = (i - at) / 64;
			int test;

			item_at(j->items, i, &it);
			while (depth && !snapshot_is_below(stack[depth - 1].rel,
			                                   stack[depth - 1].len, it.rel, it.len))
				depth--;
			if (depth) {
				const struct open_dir *up = &stack[depth - 1];
				parent = up->index;
				test = up->test ||
				       testcode_path(it.rel, up->len ? up->len + 1 : 0, it.len);
			} else {
				test = testcode_path(it.rel, 0, it.len);
			}
			buf_grow(&pool, it.len + it.namelen + 2);
			buf_grow(&keys, it.len + it.namelen + 2);
			pc = (struct snap_cursor){pool.data + pool.len, j->pool + pool.len};
			kc = (struct snap_cursor){keys.data + keys.len, j->keys + keys.len};
			snap_fill(&e[i - at], &bits, &ko[i - at], &it, parent, test, &pc, &kc);
			buf_setlen(&pool, (size_t)(pc.p - pool.data));
			buf_setlen(&keys, (size_t)(kc.p - keys.data));
			set_bits(rows, 0, e[i - at].mask, word, bit);
			set_bits(rows, SNAP_SLICE_PAIRS, bits.pairs, word, bit);
			set_bits(rows, SNAP_SLICE_STARTS, bits.starts, word, bit);
			set_bits(rows, SNAP_SLICE_BIGRAMS, bits.bigrams, word, bit);
			push_open_dir(&stack, &depth, &cap,
			              (struct open_dir){it.rel, it.len, (uint32_t)i, test});
		}
		j->err = put_block(j, at, end - at, e, ko, &pool, &keys, rows);
	}
	free(stack);
	free(e);
	free(ko);
	free(rows);
	buf_release(&pool);
	buf_release(&keys);
	return NULL;
}

/* ---- the file ------------------------------------------------------------------- */

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error("cannot create '%s': %s", quote_for_humans(dir), strerror(errno));
	return 0;
}

/* snapshot_file(ROOT) into PATH, its folders made. */
static int snapshot_path(const char *root, struct buf *path)
{
	char *slash;

	if (snapshot_file(root, path) < 0)
		return -1;
	/* the data folder and its index folder */
	slash = strrchr(path->data, '/');
	*slash = '\0';
	*strrchr(path->data, '/') = '\0';
	if (make_dir(path->data) < 0)
		return -1;
	path->data[strlen(path->data)] = '/';
	if (make_dir(path->data) < 0)
		return -1;
	*slash = '/';
	return 0;
}

/* The header of a snapshot of N entries, POOL and KEYS bytes of strings. */
static void layout(struct snap_header *h, size_t rootlen, size_t n, uint64_t pool, uint64_t keys)
{
	h->count = n;
	h->root = sizeof(*h);
	h->rootlen = rootlen;
	h->entries = sizeof(*h) + rootlen + (8 - (sizeof(*h) + rootlen) % 8) % 8;
	h->pool = h->entries + n * sizeof(struct snap_entry);
	h->poollen = pool;
	h->slices = h->pool + pool + (8 - pool % 8) % 8;
	h->words = (n + 63) / 64;
	h->keyoff = h->slices + SNAP_SLICES * h->words * sizeof(uint64_t);
	h->keys = h->keyoff + n * sizeof(uint32_t);
	h->keyslen = keys;
	h->size = h->keys + keys;
}

/* Fill and write the entries of JOB[0..NT) to FD at the places H says. */
static int fill_all(struct write_job *job, int nt, const struct snap_header *h, int fd)
{
	uint64_t pool = 0, keys = 0, p, q;
	int k;

	for (k = 0; k < nt; k++) {
		p = job[k].pool;
		q = job[k].keys;
		job[k].pool = pool;
		job[k].keys = keys;
		pool += p;
		keys += q;
		job[k].h = h;
		job[k].fd = fd;
	}
	run_jobs(fill_run, job, sizeof(*job), nt);
	for (k = 0; k < nt; k++)
		if (job[k].err)
			return job[k].err;
	return 0;
}

int snap_write_items(const struct snap_items *items, const char *root, const char *file,
                     int threads, int64_t indexed_at, uint32_t flags, uint64_t exclude)
{
	static const char zeros[8];
	struct write_job job[MCD_MAX_JOBS];
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	struct snap_header h;
	struct iovec iov[3];
	size_t n = items->n, rootlen = strlen(root), dups = 0, b;
	uint64_t pool = 0, keys = 0;
	int fd = -1, stage, ret = -1, err = 0, k, nt = threads;

	if (nt > MCD_MAX_JOBS)
		nt = MCD_MAX_JOBS;
	if ((size_t)nt > n / 64 + 1)
		nt = (int)(n / 64 + 1);
	if (nt < 1)
		nt = 1;
	memset(job, 0, sizeof(job));
	for (k = 0; k < nt; k++)
		job[k] = (struct write_job){.items = items,
		                            .lo = (n * (size_t)k / (size_t)nt) & ~(size_t)63,
		                            .hi = (n * (size_t)(k + 1) / (size_t)nt) & ~(size_t)63};
	job[nt - 1].hi = n;
	run_jobs(check_run, job, sizeof(*job), nt);
	for (k = 0; k < nt; k++) {
		if (job[k].bad)
			return SNAP_WRITE_BAD;
		dups += job[k].dups;
		pool += job[k].pool;
		keys += job[k].keys;
	}
	if (dups) {
		/* a folder walked twice: the first stays, with its name and flags */
		struct kept kept = {items, xmalloc((n - dups + 1) * sizeof(uint32_t))};
		struct snap_items less = {kept_get, &kept, 0};
		struct snap_item prev = {NULL, NULL, 0, 0, 0}, it;
		size_t i;
		for (i = 0; i < n; i++, prev = it) {
			item_at(items, i, &it);
			if (!i || snapshot_cmp(prev.rel, prev.len, it.rel, it.len) != 0)
				kept.index[less.n++] = (uint32_t)i;
		}
		ret = snap_write_items(&less, root, file, threads, indexed_at, flags, exclude);
		free(kept.index);
		return ret;
	}
	if (pool > UINT32_MAX || keys > UINT32_MAX || n >= SNAP_NONE - 1)
		return SNAP_WRITE_BAD;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.version = SNAP_VERSION;
	h.flags = flags;
	h.exclude = exclude;
	h.indexed_at = indexed_at;
	layout(&h, rootlen, n, pool, keys);
	if (!file) {
		if (snapshot_path(root, &path) < 0)
			goto out;
		file = path.data;
	}
	/* aside, then renamed over: readers see the old file or the new one */
	buf_addf(&tmp, "%s.%ld.tmp", file, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST && unlink(tmp.data) == 0) /* a crashed run's */
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		error("cannot create '%s': %s", quote_for_humans(tmp.data), strerror(errno));
		goto out;
	}
	stage = open_stage(tmp.data, fd);
	/* its whole size first: the padding reads as zeros */
	if (ftruncate(stage, (off_t)h.size) < 0)
		err = errno;
	if (!err && n)
		err = fill_all(job, nt, &h, stage);
	for (k = 0; k < nt && n; k++)
		for (b = 0; b < SNAP_SLICES; b++)
			h.ones[b] += job[k].ones[b];
	/* the header, which counts the slices' bits, last */
	iov[0] = (struct iovec){&h, sizeof(h)};
	iov[1] = (struct iovec){(void *)root, rootlen};
	iov[2] = (struct iovec){(void *)zeros, (size_t)(h.entries - sizeof(h) - rootlen)};
	if (!err && pwritev(stage, iov, 3, 0) != (ssize_t)h.entries)
		err = errno ? errno : EIO;
	if (stage != fd) {
		if (!err)
			err = copy_out(stage, fd, h.size);
		close(stage);
	}
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
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	buf_release(&tmp);
	return ret;
}

static void array_get(const void *ctx, size_t i, struct snap_item *it)
{
	*it = ((const struct snap_item *)ctx)[i];
}

struct snap_items snap_items_array(const struct snap_item *v, size_t n)
{
	return (struct snap_items){array_get, v, n};
}
