/* snapbuild.h - build the snapshot of a repository and write it
 *
 * The index of a repository (index.c) hands its folders, sorted in
 * snapshot order, to the writer (snapwrite.c), which computes each
 * entry's parent, depth, test mark, mask, pairs and word starts block by
 * block and writes the file snapshot.h describes: aside, then renamed over
 * the old one. The builder (snapbuild.c) holds entries added one by one in
 * memory, for tests and small snapshots, and writes them the same way.
 */
#ifndef MCD_SNAPBUILD_H
#define MCD_SNAPBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

/* Builds a snapshot in memory, entry by entry, in snapshot order. */
struct snap_builder {
	struct snap_entry *v;
	struct snap_bits *bits; /* of each entry */
	uint32_t *keyoff;       /* of each entry, in keys */
	struct buf keys;        /* last component NUL declared name NUL, per entry */
	size_t n, cap;
	struct buf pool;
	uint32_t *stack;  /* the open ancestors of the last entry */
	uint64_t exclude; /* written to the header: snapshot_exclude_hash() */
	size_t depth, stackcap;
};

void snap_builder_init(struct snap_builder *b);
void snap_builder_release(struct snap_builder *b);

/* Append the directory REL (LEN bytes; "" is the root) with its declared
 * NAME (NAMELEN bytes, 0: none) and FLAGS. Entries must come in strictly
 * increasing snapshot order; the parent is the nearest earlier entry that
 * is an ancestor. Returns 0, or -1 (nothing added) when REL is out of
 * order, contains a NUL, or the snapshot would outgrow its 32-bit offsets. */
int snap_builder_add(struct snap_builder *b, const char *rel, size_t len, const char *name,
                     size_t namelen, uint32_t flags);

/* One folder to write: what snap_builder_add() takes. */
struct snap_item {
	const char *rel, *name;
	size_t len, namelen;
	uint32_t flags;
};

/* Folders to write, in snapshot order: GET puts the I-th of N into *IT;
 * its strings stay valid while the snapshot is written. */
struct snap_items {
	void (*get)(const void *ctx, size_t i, struct snap_item *it);
	const void *ctx;
	size_t n;
};

/* The items of the array V[0..N). */
struct snap_items snap_items_array(const struct snap_item *v, size_t n);

#define SNAP_WRITE_BAD (-2)

/* Write ITEMS as the snapshot of ROOT (to FILE when not NULL, else to
 * snapshot_file(ROOT)), created aside and renamed over, the work shared
 * between THREADS threads (at most MCD_MAX_JOBS). An item equal to the
 * one before it is left out, as a folder walked twice: the first stays,
 * with its name and flags. INDEXED_AT is when the walk started, FLAGS are
 * SNAP_HAD_*, EXCLUDE is snapshot_exclude_hash() of MCD_EXCLUDE. Returns
 * 0; -1 with a message; SNAP_WRITE_BAD, without one and writing nothing,
 * when an item is out of order or has a NUL, a name is longer than
 * UINT16_MAX, or the snapshot would outgrow its 32-bit offsets. */
int snap_write_items(const struct snap_items *items, const char *root, const char *file,
                     int threads, int64_t indexed_at, uint32_t flags, uint64_t exclude);

/* Where an entry's strings go: P in memory, OFF from the start of the
 * pool or the keys; both move past what is written. */
struct snap_cursor {
	char *p;
	uint64_t off;
};

/* What an entry's slice rows hold besides its mask (snapshot.h). */
struct snap_bits {
	uint64_t pairs, starts, bigrams;
};

/* Entry *E for IT, below entry PARENT (SNAP_NONE: none), test code when
 * TEST, its pairs, word starts and neighbouring pairs into *BITS and its
 * keys' offset into *KEYOFF; its path and name copied to POOL, its last
 * component and name to KEYS (room made by the caller: IT's lengths + 2
 * each). What the builder and the writer share. */
void snap_fill(struct snap_entry *e, struct snap_bits *bits, uint32_t *keyoff,
               const struct snap_item *it, uint32_t parent, int test, struct snap_cursor *pool,
               struct snap_cursor *keys);

/* Write B as the snapshot of ROOT: snap_write_items() of its entries, on
 * one thread. Returns 0 or -1 with a message. */
int snap_builder_write(const struct snap_builder *b, const char *root, const char *file,
                       int64_t indexed_at, uint32_t flags);

/* Set the time of the snapshot of ROOT to INDEXED_AT in place: a refresh
 * that found nothing changed since it was made, and stat'ed every folder
 * after INDEXED_AT. Readers see the old time or the new one. Returns 0, or
 * -1 (no message: the snapshot is only a little older than it could be). */
int snapshot_touch(const char *root, int64_t indexed_at);

#endif
