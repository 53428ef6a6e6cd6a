/* snapshot.c - check and read the flat index file of a repository */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

int snapshot_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen, i = 0;

	/* sorting a million paths compares long shared prefixes
	   ("team14/microservices-demo/src/"): eight bytes at a time */
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	for (; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x == y)
			continue;
		/* '/' before every other byte: a folder's subtree comes right after it */
		if (x == '/')
			return -1;
		if (y == '/')
			return 1;
		return x < y ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

/* 64-bit FNV-1a */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t snapshot_exclude_hash(const char *spec)
{
	return fnv1a(spec ? spec : "");
}

int snapshot_file(const char *root, struct buf *out)
{
	if (db_data_dir(out) < 0)
		return -1;
	buf_addf(out, "/index/%016llx.idx", (unsigned long long)fnv1a(root));
	return 0;
}

void snapshot_close(struct snapshot *s)
{
	if (s->map)
		munmap(s->map, s->size);
	memset(s, 0, sizeof(*s));
}

/* Does the string at OFF, LEN bytes, fit in a pool of POOLLEN bytes with
 * its NUL? */
static int in_pool(const char *pool, uint64_t poollen, uint64_t off, uint64_t len)
{
	return off < poollen && len < poollen - off && pool[off + len] == '\0';
}

static int check_header(const struct snap_header *h, uint64_t size, const char *root)
{
	size_t rootlen = strlen(root);

	if (memcmp(h->magic, SNAP_MAGIC, 8) != 0 || h->version != SNAP_VERSION || h->size != size)
		return 0;
	if (h->root > size || h->rootlen != rootlen || rootlen > size - h->root)
		return 0;
	if (h->entries > size || h->entries % 8 ||
	    h->count > (size - h->entries) / sizeof(struct snap_entry))
		return 0;
	if (h->pool > size || h->poollen > size - h->pool)
		return 0;
	if (h->words != (h->count + 63) / 64 || h->slices > size || h->slices % 8 ||
	    h->words > (size - h->slices) / sizeof(uint64_t) / SNAP_SLICES)
		return 0;
	if (h->keyoff > size || h->keyoff % 4 || h->count > (size - h->keyoff) / sizeof(uint32_t))
		return 0;
	if (h->keys > size || h->keyslen > size - h->keys)
		return 0;
	return 1;
}

/* Check everything a reader will use; 1 when S is sound. */
static int check_entries(const struct snapshot *s, uint64_t poollen)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct snap_entry *e = &s->v[i];
		if (!in_pool(s->pool, poollen, e->path, e->pathlen))
			return 0;
		if (e->namelen && !in_pool(s->pool, poollen, e->name, e->namelen))
			return 0;
		if (e->parent != SNAP_NONE && e->parent >= i)
			return 0;
	}
	return 1;
}

int snapshot_keys(const struct snapshot *s, size_t i, const char **comp, size_t *complen,
                  const char **name, size_t *namelen)
{
	uint64_t off = s->keyoff[i];
	const char *end, *mid;

	if (off >= s->keyslen)
		return 0;
	*comp = s->keys + off;
	mid = memchr(*comp, '\0', s->keyslen - off);
	if (!mid)
		return 0;
	*complen = (size_t)(mid - *comp);
	*name = mid + 1;
	end = *name < s->keys + s->keyslen
	          ? memchr(*name, '\0', (size_t)(s->keys + s->keyslen - *name))
	          : NULL;
	if (!end)
		return 0;
	*namelen = (size_t)(end - *name);
	return 1;
}

int snapshot_entry_ok(const struct snapshot *s, const struct snap_entry *e)
{
	return in_pool(s->pool, s->poollen, e->path, e->pathlen) &&
	       (!e->namelen || in_pool(s->pool, s->poollen, e->name, e->namelen));
}

/* A query reads its slice rows whole: map those pages in one call instead
 * of a page fault each (a fault costs a microsecond or two, more in a
 * virtual machine). Keys, when many are probed, likewise, spread as they
 * are over the whole row. Entries and paths are read for few folders:
 * they fault in as read. Older kernels have no MADV_POPULATE_READ: then
 * faults it is. */
static void populate(const void *start, size_t len)
{
#ifdef MADV_POPULATE_READ
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)start & ~(page - 1), to = (uintptr_t)start + len;

	if (len && to > from)
		madvise((void *)from, to - from, MADV_POPULATE_READ);
#else
	(void)start;
	(void)len;
#endif
}

void snapshot_populate_slice(const struct snapshot *s, unsigned b)
{
	if (s->map && b < SNAP_SLICES)
		populate(snap_slice(s, b), s->words * sizeof(uint64_t));
}

void snapshot_populate_keys(struct snapshot *s)
{
	if (s->map && s->n && !s->keys_in)
		populate(s->keyoff, (size_t)(s->keys + s->keyslen - (const char *)s->keyoff));
	s->keys_in = 1;
}

int snapshot_open(struct snapshot *s, const char *root, const char *file)
{
	return snapshot_open_flags(s, root, file, 1);
}

int snapshot_open_flags(struct snapshot *s, const char *root, const char *file, int check_all)
{
	struct buf path = BUF_INIT;
	const struct snap_header *h;
	struct stat st;
	int fd, ok = 0;

	memset(s, 0, sizeof(*s));
	if (!file) {
		if (snapshot_file(root, &path) < 0)
			return -1;
		file = path.data;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_release(&path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(*h) ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return 0;
	}
	s->size = (size_t)st.st_size;
	s->map = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (s->map == MAP_FAILED) {
		s->map = NULL;
		s->size = 0;
		return 0;
	}
#ifdef MADV_HUGEPAGE
	/* read back from disk, once the page cache let it go, in folios of
	   2 MiB too, as snapwrite.c leaves it (EXTENT there): from 4 KiB
	   ones a scattered read costs 6-7 us in faults, from these 0.2 */
	madvise(s->map, s->size, MADV_HUGEPAGE);
#endif
	h = s->map;
	if (check_header(h, s->size, root) &&
	    memcmp((const char *)s->map + h->root, root, h->rootlen) == 0) {
		s->v = (const struct snap_entry *)((const char *)s->map + h->entries);
		s->n = (size_t)h->count;
		s->pool = (const char *)s->map + h->pool;
		s->slices = (const uint64_t *)(const void *)((const char *)s->map + h->slices);
		s->words = (size_t)h->words;
		s->ones = h->ones;
		s->keyoff = (const uint32_t *)(const void *)((const char *)s->map + h->keyoff);
		s->keys = (const char *)s->map + h->keys;
		s->keyslen = h->keyslen;
		s->indexed_at = h->indexed_at;
		s->flags = h->flags;
		s->exclude = h->exclude;
		s->poollen = h->poollen;
		/* a query checks only the entries it reads: snapshot_entry_ok() */
		ok = !check_all || check_entries(s, h->poollen);
	}
	if (!ok)
		snapshot_close(s);
	return ok;
}

int snapshot_peek(const char *root, int64_t *indexed_at)
{
	struct buf path = BUF_INIT;
	struct snap_header h;
	struct stat st;
	int fd, ok;

	if (snapshot_file(root, &path) < 0)
		return -1;
	fd = open(path.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_release(&path);
	if (fd < 0)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	     pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
	     check_header(&h, (uint64_t)st.st_size, root);
	if (ok) {
		/* the root too: two roots may share a hash */
		char *r = xmalloc(h.rootlen + 1);
		ok = pread(fd, r, h.rootlen, (off_t)h.root) == (ssize_t)h.rootlen &&
		     memcmp(r, root, h.rootlen) == 0;
		free(r);
	}
	close(fd);
	if (ok && indexed_at)
		*indexed_at = h.indexed_at;
	return ok;
}

int snapshot_remove(const char *root)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	if (snapshot_file(root, &path) < 0)
		return -1;
	if (unlink(path.data) < 0 && errno != ENOENT)
		ret = error("cannot remove '%s': %s", quote_for_humans(path.data), strerror(errno));
	buf_release(&path);
	return ret;
}

/* Searches side by side in snapshot_find_many(): enough for their misses
 * to overlap, few enough that their state stays in registers and L1. */
#define FIND_LANES 16

/* The M searches for REL[J] (LEN[J] bytes) within [LO, HI) side by side:
 * into AT[J] the entry that has it, or where it would go (its lower
 * bound); FOUND[J] says which. A damaged entry ends a search there, not
 * found. */
static void find_lanes(const struct snapshot *s, const char *const *rel, const size_t *len,
                       size_t m, size_t lo0, size_t hi0, size_t *at, int *found)
{
	size_t lo[FIND_LANES], hi[FIND_LANES], mid[FIND_LANES], j, left = m;

	for (j = 0; j < m; j++) {
		lo[j] = lo0;
		hi[j] = hi0;
		found[j] = 0;
		at[j] = lo0;
		left -= lo0 >= hi0;
	}
	while (left) {
		/* each lane's probe: its entry asked for, then its path, then
		   compared, one step of all lanes at a time */
		for (j = 0; j < m; j++)
			if (lo[j] < hi[j]) {
				mid[j] = lo[j] + (hi[j] - lo[j]) / 2;
				__builtin_prefetch(&s->v[mid[j]]);
			}
		for (j = 0; j < m; j++)
			if (lo[j] < hi[j]) {
				const struct snap_entry *e = &s->v[mid[j]];
				if (!snapshot_entry_ok(s, e)) {
					at[j] = lo[j];
					hi[j] = lo[j]; /* damaged: not found */
					left--;
					continue;
				}
				__builtin_prefetch(snap_path(s, e));
			}
		for (j = 0; j < m; j++) {
			const struct snap_entry *e;
			int r;
			if (lo[j] >= hi[j])
				continue;
			e = &s->v[mid[j]];
			r = snapshot_cmp(snap_path(s, e), e->pathlen, rel[j], len[j]);
			if (r == 0) {
				found[j] = 1;
				lo[j] = mid[j];
				hi[j] = mid[j];
			} else if (r < 0) {
				lo[j] = mid[j] + 1;
			} else {
				hi[j] = mid[j];
			}
			at[j] = lo[j];
			left -= lo[j] >= hi[j];
		}
	}
}

/* Is the run of M paths at REL in snapshot order? */
static int run_sorted(const char *const *rel, const size_t *len, size_t m)
{
	size_t j;

	for (j = 1; j < m; j++)
		if (snapshot_cmp(rel[j - 1], len[j - 1], rel[j], len[j]) >= 0)
			return 0;
	return 1;
}

void snapshot_find_many(const struct snapshot *s, const char *const *rel, const size_t *len,
                        size_t n, uint32_t *out)
{
	/* FIND_LANES / 2 groups of FIND_LANES at a time: the two ends of
	   each group in snapshot order (the history's byte order nearly is)
	   are looked for in the whole snapshot, all side by side; then the
	   others of each group only between its two */
	const size_t group = FIND_LANES, block = FIND_LANES * (FIND_LANES / 2);
	size_t base, at[FIND_LANES], ends_at[FIND_LANES], endlen[FIND_LANES];
	const char *ends[FIND_LANES];
	int found[FIND_LANES], ends_found[FIND_LANES], sorted[FIND_LANES / 2];

	for (base = 0; base < n; base += block) {
		size_t nb = n - base < block ? n - base : block, g, j, ne = 0;

		for (g = 0; g * group < nb; g++) {
			size_t gb = base + g * group, m = n - gb < group ? n - gb : group;
			sorted[g] = m > 2 && run_sorted(rel + gb, len + gb, m);
			if (sorted[g]) {
				ends[ne] = rel[gb];
				endlen[ne++] = len[gb];
				ends[ne] = rel[gb + m - 1];
				endlen[ne++] = len[gb + m - 1];
			}
		}
		find_lanes(s, ends, endlen, ne, 0, s->n, ends_at, ends_found);
		for (g = 0, ne = 0; g * group < nb; g++) {
			size_t gb = base + g * group, m = n - gb < group ? n - gb : group, lo = 0,
			       hi = s->n;
			if (sorted[g]) {
				lo = ends_at[ne];
				hi = ends_at[ne + 1] + (size_t)ends_found[ne + 1];
				ne += 2;
			}
			find_lanes(s, rel + gb, len + gb, m, lo, hi, at, found);
			for (j = 0; j < m; j++)
				out[gb + j] = found[j] ? (uint32_t)at[j] : SNAP_NONE;
		}
	}
}

uint32_t snapshot_find(const struct snapshot *s, const char *rel, size_t len)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct snap_entry *e = &s->v[mid];
		int r;
		if (!snapshot_entry_ok(s, e))
			return SNAP_NONE;
		r = snapshot_cmp(snap_path(s, e), e->pathlen, rel, len);
		if (r == 0)
			return (uint32_t)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SNAP_NONE;
}
