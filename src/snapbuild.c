/* snapbuild.c - build a snapshot in memory, entry by entry, and write it */
#include "snapbuild.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
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
	free(b->bits);
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

void snap_fill(struct snap_entry *e, struct snap_bits *bits, uint32_t *keyoff,
               const struct snap_item *it, uint32_t parent, int test, struct snap_cursor *pool,
               struct snap_cursor *keys)
{
	const char *comp = memrchr(it->rel, '/', it->len);
	size_t k, complen;
	uint16_t dirs;

	memset(e, 0, sizeof(*e));
	e->parent = parent;
	e->path = (uint32_t)pool->off;
	e->pathlen = (uint32_t)it->len;
	memcpy(pool->p, it->rel, it->len);
	pool->p[it->len] = '\0';
	pool->p += it->len + 1;
	pool->off += it->len + 1;
	if (it->namelen) {
		e->name = (uint32_t)pool->off;
		e->namelen = (uint16_t)it->namelen;
		memcpy(pool->p, it->name, it->namelen);
		pool->p[it->namelen] = '\0';
		pool->p += it->namelen + 1;
		pool->off += it->namelen + 1;
	}
	e->flags = (it->flags & ~(SNAP_TEST | SNAP_ONE)) | (test ? SNAP_TEST : 0);
	for (dirs = it->len ? 1 : 0, k = 0; k < it->len; k++)
		if (it->rel[k] == '/' && dirs < UINT16_MAX)
			dirs++;
	e->depth = dirs;
	comp = comp ? comp + 1 : it->rel;
	complen = it->len - (size_t)(comp - it->rel);
	if (complen == 1)
		e->flags |= SNAP_ONE;
	e->mask = prefilter_mask(it->name, it->namelen, prefilter_mask(comp, complen, 0));
	bits->pairs = prefilter_pairs(it->name, it->namelen, prefilter_pairs(comp, complen, 0));
	bits->starts =
	    match_word_starts(it->name, it->namelen, match_word_starts(comp, complen, 0));
	bits->bigrams =
	    prefilter_bigrams(it->name, it->namelen, prefilter_bigrams(comp, complen, 0));
	*keyoff = (uint32_t)keys->off;
	memcpy(keys->p, comp, complen);
	keys->p[complen] = '\0';
	if (it->namelen)
		memcpy(keys->p + complen + 1, it->name, it->namelen);
	keys->p[complen + 1 + it->namelen] = '\0';
	keys->p += complen + it->namelen + 2;
	keys->off += complen + it->namelen + 2;
}

int snap_builder_add(struct snap_builder *b, const char *rel, size_t len, const char *name,
                     size_t namelen, uint32_t flags)
{
	const struct snap_item it = {rel, name, len, namelen, flags};
	uint32_t parent;
	struct snap_cursor pool, keys;

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
		b->bits = xrealloc(b->bits, b->cap * sizeof(*b->bits));
		b->keyoff = xrealloc(b->keyoff, b->cap * sizeof(*b->keyoff));
	}
	buf_grow(&b->pool, len + namelen + 2);
	buf_grow(&b->keys, len + namelen + 2);
	pool = (struct snap_cursor){b->pool.data + b->pool.len, b->pool.len};
	keys = (struct snap_cursor){b->keys.data + b->keys.len, b->keys.len};
	parent = b->depth ? b->stack[b->depth - 1] : SNAP_NONE;
	snap_fill(&b->v[b->n], &b->bits[b->n], &b->keyoff[b->n], &it, parent,
	          is_test_below(b, parent, rel, len), &pool, &keys);
	buf_setlen(&b->pool, (size_t)pool.off);
	buf_setlen(&b->keys, (size_t)keys.off);
	if (b->depth == b->stackcap) {
		b->stackcap = b->stackcap ? b->stackcap * 2 : 64;
		b->stack = xrealloc(b->stack, b->stackcap * sizeof(*b->stack));
	}
	b->stack[b->depth++] = (uint32_t)b->n++;
	return 0;
}

/* The builder's entries as items: what they were added with. */
static void entry_get(const void *ctx, size_t i, struct snap_item *it)
{
	const struct snap_builder *b = ctx;
	const struct snap_entry *e = &b->v[i];

	*it = (struct snap_item){b->pool.data + e->path, b->pool.data + e->name, e->pathlen,
	                         e->namelen, e->flags & ~(SNAP_TEST | SNAP_ONE)};
}

int snap_builder_write(const struct snap_builder *b, const char *root, const char *file,
                       int64_t indexed_at, uint32_t flags)
{
	struct snap_items items = {entry_get, b, b->n};
	int r = snap_write_items(&items, root, file, 1, indexed_at, flags, b->exclude);

	return r == SNAP_WRITE_BAD
	           ? error("cannot write the snapshot of '%s': too big", quote_for_humans(root))
	           : r;
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
