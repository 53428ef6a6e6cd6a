/* snapbuild.h - build the snapshot of a repository and write it
 *
 * The index of a repository (index.c) hands its folders, sorted in
 * snapshot order, to a builder, which computes each entry's parent, depth,
 * test mark, mask and pairs, and writes the file snapshot.h describes:
 * aside, then renamed over the old one.
 */
#ifndef MCD_SNAPBUILD_H
#define MCD_SNAPBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

/* Builds a snapshot in memory, entry by entry, in snapshot order. */
struct snap_builder {
	struct snap_entry *v;
	uint64_t *pairs;  /* of each entry */
	uint64_t *starts; /* of each entry: match_word_starts() */
	uint32_t *keyoff; /* of each entry, in keys */
	struct buf keys;  /* last component NUL declared name NUL, per entry */
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

/* One folder for snap_builder_add_all(): what snap_builder_add() takes. */
struct snap_item {
	const char *rel, *name;
	size_t len, namelen;
	uint32_t flags;
};

/* snap_builder_add() for each of ITEMS[0..N) in turn (their strings are
 * copied), the work shared between THREADS threads (at most
 * MCD_MAX_JOBS, at most N). An item equal to the one before it,
 * or to B's last entry, is left out, as a folder walked twice: the first
 * of them stays, with its name and flags. Returns 0, or -1 with nothing
 * added when an item is out of order or has a NUL, a name is longer than
 * UINT16_MAX, or the snapshot would outgrow its 32-bit offsets. */
int snap_builder_add_all(struct snap_builder *b, const struct snap_item *items, size_t n,
                         int threads);

/* Write B as the snapshot of ROOT (to FILE when not NULL, else to
 * snapshot_file(ROOT)), created aside and renamed over. INDEXED_AT is when
 * the walk started; FLAGS are SNAP_HAD_*. Returns 0 or -1 with a message. */
int snap_builder_write(const struct snap_builder *b, const char *root, const char *file,
                       int64_t indexed_at, uint32_t flags);

/* Set the time of the snapshot of ROOT to INDEXED_AT in place: a refresh
 * that found nothing changed since it was made, and stat'ed every folder
 * after INDEXED_AT. Readers see the old time or the new one. Returns 0, or
 * -1 (no message: the snapshot is only a little older than it could be). */
int snapshot_touch(const char *root, int64_t indexed_at);

#endif
