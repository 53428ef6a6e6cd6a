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
 * pairs as bit slices; 6: SNAP_TEST */
#define SNAP_VERSION 6
#define SNAP_NONE UINT32_MAX /* no parent: the root */

/* Entry flags. Bit 0 is CAND_PROJECT (rank.h). */
#define SNAP_PROJECT 1u
#define SNAP_GITIGNORE 2u                          /* the folder holds a .gitignore */
#define SNAP_TEST 4u                               /* test code: a component of its path is one */
#define SNAP_MANIFEST(kind) (1u << (8 + (kind)))   /* enum manifest_kind present */
#define SNAP_MANIFESTS (0xffffu << 8)

/* Header flags: which repository-wide ignore files existed at index time. */
#define SNAP_HAD_EXCLUDE 1u /* .git/info/exclude */
#define SNAP_HAD_GLOBAL 2u  /* the global excludes file */

struct snap_entry {
	uint64_t mask;          /* snapshot_mask() of the path and the declared name */
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
	const char *pool; /* every path and name is NUL-terminated in it */
	int64_t indexed_at; /* when the walk that made it started */
	uint32_t flags;     /* SNAP_HAD_* */
	uint64_t poollen;
	const uint64_t *slices; /* SNAP_SLICES rows of WORDS words: snap_slice() */
	size_t words;           /* (n + 63) / 64 */
	const uint32_t *ones;   /* how many entries have each slice's bit */
	const uint32_t *keyoff; /* each entry's keys in KEYS: snapshot_keys() */
	const char *keys;
	uint64_t keyslen;
	uint64_t dev, ino; /* the file mapped: a rewrite renames another over it */
};

static inline const char *snap_path(const struct snapshot *s, const struct snap_entry *e)
{
	return s->pool + e->path;
}

static inline const char *snap_name(const struct snapshot *s, const struct snap_entry *e)
{
	return s->pool + e->name;
}

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

/* The masks and pairs of the entries, bit sliced: row B of the slices
 * holds bit B of every entry's mask (B < 64) or bit B - 64 of its pairs,
 * entry I at bit I % 64 of word I / 64. A query needs a few bits, so it
 * reads a few rows: at 115k folders, 20 rows of 14 KiB instead of 1.8 MiB
 * of masks and pairs, and at 1M, 2.5 MiB instead of 16. */
#define SNAP_SLICES 128
static inline const uint64_t *snap_slice(const struct snapshot *s, unsigned b)
{
	return s->slices + (size_t)b * s->words;
}

/* Map the pages of slice row B, or of all the keys, at once, instead of a
 * fault each as they are read (a query reads its rows whole; probes many
 * keys). */
void snapshot_populate_slice(const struct snapshot *s, unsigned b);
void snapshot_populate_keys(const struct snapshot *s);

/* Is S, open for ROOT, still the file that snapshot_file(ROOT) names? */
int snapshot_is_current(const struct snapshot *s, const char *root);

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

/* The character class bit of byte C in a mask: ASCII letters (either
 * case) and digits one bit each, '-', '_' and '.' one bit, every other byte
 * folded into the remaining 27. */
uint64_t snapshot_char_bit(unsigned char c);

/* MASK with the bits of S[0..LEN) added. */
uint64_t snapshot_mask(const char *s, size_t len, uint64_t mask);

/* Bytes as a match compares them: ASCII lowercase, '_' and '.' as '-'. */
static inline unsigned char snapshot_fold(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + ('a' - 'A'));
	return c == '_' || c == '.' ? '-' : c;
}

/* The mask tells which bytes a name has; the pairs, which come before
 * which: bit snapshot_pair_bit(a, b) is set when folded byte a comes
 * anywhere before folded b. A keyword that is a subsequence of the name
 * has each of its ordered pairs there, so a query rejects most of the
 * folders its mask lets through without reading them. Names longer
 * than SNAP_PAIRS_MAXLEN set every bit. */
#define SNAP_PAIRS_MAXLEN 64
uint64_t snapshot_pair_bit(unsigned char a, unsigned char b);

/* PAIRS with the ordered pairs of S[0..LEN) added. */
uint64_t snapshot_pairs(const char *s, size_t len, uint64_t pairs);

/* The pairs a name must have for folded keyword KW[0..LEN) to be a
 * subsequence of it: all its ordered pairs, not only neighbours, so a
 * longer keyword that holds KW as a subsequence needs them all too. */
uint64_t snapshot_needed_pairs(const char *kw, size_t len);

/* Is a word of COMPONENT (LEN bytes) "test" or "tests", or the whole
 * component one of the names test code lives under (spec, fixtures,
 * __tests__...)? Ranking puts code before its tests; the index marks them
 * once (SNAP_TEST) instead of every query checking every component. */
int snapshot_test_component(const char *comp, size_t len);

/* Is one of the components of PATH[FROM..LEN) test code (FROM starts a
 * component)? */
int snapshot_test_path(const char *path, size_t from, size_t len);

/* Is PATH (LEN bytes) below the folder DIR (DIRLEN bytes)? Both are
 * relative to the repository root, which is "". */
static inline int snapshot_is_below(const char *dir, size_t dirlen, const char *path, size_t len)
{
	if (dirlen == 0)
		return len > 0;
	return dirlen < len && path[dirlen] == '/' && memcmp(dir, path, dirlen) == 0;
}

/* Builds a snapshot in memory, entry by entry, in snapshot order. */
struct snap_builder {
	struct snap_entry *v;
	uint64_t *pairs; /* of each entry */
	uint32_t *keyoff; /* of each entry, in keys */
	struct buf keys;  /* last component NUL declared name NUL, per entry */
	size_t n, cap;
	struct buf pool;
	uint32_t *stack; /* the open ancestors of the last entry */
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

#endif
