/* snapshot.h - the index of one repository as a flat, memory-mapped file
 *
 * <data dir>/index/<16 hex digits of the FNV-1a hash of the root>.idx
 * (folder 0700, file 0600): a header, then one fixed-size entry per
 * directory in snapshot order, then a pool of NUL-terminated strings. It is
 * written to a temporary name beside it and renamed over, so a reader sees
 * the old file or the new one, never half. Nothing is synced: the file is
 * rebuildable, so the reader checks everything (magic, version, sizes, the
 * root, every offset and length) and treats a file that fails any check as
 * no index at all.
 *
 * Snapshot order sorts paths byte by byte except that '/' comes before
 * every other byte ("a", "a/b", "a-b"): sorted, so binary search works, and
 * a preorder, so a folder's subtree follows it in one run.
 */
#ifndef MCD_SNAPSHOT_H
#define MCD_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

/* 2: the masks in a row; 3: and the pairs; 4: and the keys; 5: masks and
 * pairs as bit slices; 6: SNAP_TEST; 7: the MCD_EXCLUDE it was made with,
 * .fixtures as test code; 8: the word starts as bit slices, SNAP_ONE;
 * 9: the neighbouring pairs as bit slices */
#define SNAP_VERSION 9
#define SNAP_NONE UINT32_MAX /* no parent: the root */

/* Entry flags. Bit 0 is CAND_PROJECT (cand.h). */
#define SNAP_PROJECT 1u
#define SNAP_GITIGNORE 2u /* the folder holds a .gitignore */
#define SNAP_TEST 4u      /* test code: a component of its path is one */
#define SNAP_ONE 8u /* its last component is one byte: what a one-letter keyword names exactly */
#define SNAP_MANIFEST(kind) (1u << (8 + (kind))) /* enum manifest_kind present */
#define SNAP_MANIFESTS (0xffffu << 8)

/* Header flags: which repository-wide ignore files existed at index time. */
#define SNAP_HAD_EXCLUDE 1u /* .git/info/exclude */
#define SNAP_HAD_GLOBAL 2u  /* the global excludes file */

struct snap_entry {
	uint64_t mask;          /* prefilter_mask() of the last component and the declared name */
	uint32_t path, pathlen; /* the repository-relative path in the pool */
	uint32_t name;          /* the declared name in the pool (namelen 0: none) */
	uint16_t namelen, depth;
	uint32_t flags;  /* SNAP_* */
	uint32_t parent; /* index of the parent entry, SNAP_NONE for the root */
};

/* An open snapshot: a read-only mapping, checked when opened. */
struct snapshot {
	void *map;
	size_t size;
	const struct snap_entry *v;
	size_t n;
	const char *pool;   /* every path and name is NUL-terminated in it */
	int64_t indexed_at; /* when the walk that made it started */
	uint64_t exclude;   /* snapshot_exclude_hash() of the MCD_EXCLUDE it was made with */
	uint32_t flags;     /* SNAP_HAD_* */
	uint64_t poollen;
	const uint64_t *slices; /* SNAP_SLICES rows of WORDS words: snap_slice() */
	size_t words;           /* (n + 63) / 64 */
	const uint32_t *ones;   /* how many entries have each slice's bit */
	const uint32_t *keyoff; /* each entry's keys in KEYS: snapshot_keys() */
	const char *keys;
	uint64_t keyslen;
	int keys_in; /* snapshot_populate_keys() was called */
};

static inline const char *snap_path(const struct snapshot *s, const struct snap_entry *e)
{
	return s->pool + e->path;
}

static inline const char *snap_name(const struct snapshot *s, const struct snap_entry *e)
{
	return s->pool + e->name;
}

/* A hash of the value SPEC of MCD_EXCLUDE (NULL: unset, as empty): a
 * snapshot made with another is refreshed by a full walk. */
uint64_t snapshot_exclude_hash(const char *spec);

/* The snapshot file of the repository at ROOT into OUT (under the data
 * folder of db_data_dir()). Returns 0 or -1 with a message. */
int snapshot_file(const char *root, struct buf *out);

/* Open and check the snapshot of ROOT (the file FILE, when not NULL).
 * Returns 1 when it is there and valid; 0, with S empty, when it is
 * missing, unreadable, damaged, another version's or another root's: not
 * indexed; -1 with a message when there is no data folder. Close with
 * snapshot_close(). */
int snapshot_open(struct snapshot *s, const char *root, const char *file);

/* snapshot_open(), checking every entry only when CHECK_ALL; otherwise the
 * reader must check each entry it reads with snapshot_entry_ok() (a query
 * reads few: it need not pay for all). */
int snapshot_open_flags(struct snapshot *s, const char *root, const char *file, int check_all);

/* The keys of entry I, what a query's last keyword is matched against:
 * its last component and its declared name (NAMELEN 0: none), packed in a
 * row apart from the entries and paths, so a query that reads the keys of
 * a few thousand folders touches a few pages. Returns 1, or 0 when the
 * snapshot is damaged there. */
int snapshot_keys(const struct snapshot *s, size_t i, const char **comp, size_t *complen,
                  const char **name, size_t *namelen);

/* Are E's path and name inside the pool and NUL-terminated? */
int snapshot_entry_ok(const struct snapshot *s, const struct snap_entry *e);
void snapshot_close(struct snapshot *s);

/* The masks, pairs, word starts and neighbouring pairs of the entries,
 * bit sliced: row B of the slices holds bit B of every entry's mask
 * (B < 64), bit B - 64 of its pairs (B < 128), bit B - 128 of its word
 * starts (match_word_starts(): the bytes that start a word of its last
 * component or declared name) or bit B - 192 of its neighbouring pairs
 * (prefilter_bigrams() of the same), entry I at bit I % 64 of word I / 64.
 * A query needs a few bits, so it reads a few rows: at 115k folders, 20
 * rows of 14 KiB instead of 1.8 MiB of masks and pairs, and at 1M, 2.5 MiB
 * instead of 16. */
#define SNAP_SLICES 256
#define SNAP_SLICE_PAIRS 64    /* the first row of the pairs */
#define SNAP_SLICE_STARTS 128  /* the first row of the word starts */
#define SNAP_SLICE_BIGRAMS 192 /* the first row of the neighbouring pairs */
static inline const uint64_t *snap_slice(const struct snapshot *s, unsigned b)
{
	return s->slices + (size_t)b * s->words;
}

#define SNAP_MAGIC "mcdsnap\n"

/* The file starts with this; all offsets are from the start of the file
 * and in the byte order of the machine that wrote it (a foreign one fails
 * the version check). */
struct snap_header {
	char magic[8];
	uint32_t version, flags;
	uint64_t size; /* of the whole file */
	int64_t indexed_at;
	uint64_t count;
	uint64_t root, rootlen;
	uint64_t entries; /* count entries of struct snap_entry */
	uint64_t pool, poollen;
	uint64_t slices, words; /* SNAP_SLICES rows of words: what a query scans */
	uint64_t keyoff;        /* count uint32_t offsets into keys */
	uint64_t keys, keyslen;
	uint64_t exclude; /* snapshot_exclude_hash() of MCD_EXCLUDE when indexed */
	uint32_t
	    ones[SNAP_SLICES]; /* entries with each slice's bit: a query reads the rarest first */
};

/* Map the pages of slice row B, or of all the keys, at once, instead of a
 * fault each as they are read (a query reads its rows whole; probes many
 * keys). The keys are mapped once for the life of S. */
void snapshot_populate_slice(const struct snapshot *s, unsigned b);
void snapshot_populate_keys(struct snapshot *s);

/* Only the header of the snapshot of ROOT: 1 valid-looking (fills
 * *INDEXED_AT when not NULL), 0 not indexed, -1 no data folder. Cheaper
 * than snapshot_open(): the entries are checked when opened. */
int snapshot_peek(const char *root, int64_t *indexed_at);

/* Remove the snapshot of ROOT; 0 (also when there was none) or -1. */
int snapshot_remove(const char *root);

/* Compare two paths in snapshot order: <0, 0, >0. */
int snapshot_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* The index of the entry with path REL (LEN bytes) in S, or SNAP_NONE. */
uint32_t snapshot_find(const struct snapshot *s, const char *rel, size_t len);

/* snapshot_find() of N paths at once: REL[I] (LEN[I] bytes) into OUT[I].
 * The searches go side by side, a few at a time, each probe's entry and
 * path asked for ahead, so their misses in the cache overlap instead of
 * each waiting for the one before: with thousands of visits to look up
 * in a large snapshot, one at a time that wait was most of the time. A
 * damaged entry met on the way gives SNAP_NONE, as for snapshot_find(). */
void snapshot_find_many(const struct snapshot *s, const char *const *rel, const size_t *len,
                        size_t n, uint32_t *out);

/* Is PATH (LEN bytes) below the folder DIR (DIRLEN bytes)? Both are
 * relative to the repository root, which is "". */
static inline int snapshot_is_below(const char *dir, size_t dirlen, const char *path, size_t len)
{
	if (dirlen == 0)
		return len > 0;
	return dirlen < len && path[dirlen] == '/' && memcmp(dir, path, dirlen) == 0;
}

#endif
