/* view_file.h - the file of the view (view.h), as view.c, which reads it,
 * and view_write.c, which writes it, share it; no other module includes it
 *
 * A view is a body, then deltas. The body: a head, the repositories' rows,
 * the visits' rows (each a struct rec, in path order), then the strings
 * their paths point into; the head's sum covers all of it. Each delta
 * (struct delta): its head, its rows (struct drow), their paths one after
 * another, zeros up to a multiple of 8 bytes; summed from the sum before
 * it (the body's, or the delta's before), so only deltas whole and in
 * their order are taken.
 */
#ifndef MCD_VIEW_FILE_H
#define MCD_VIEW_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "view.h"

#define VIEW_MAGIC "mcdview1"
#define VIEW_FORMAT 4u        /* 2: the sum in four lanes; 3: deltas after the body; 4: masks */
#define VIEW_MAX (256u << 20) /* a history this large is not one person's */
#define DELTA_MAGIC 0x61746c6564646d63ull /* "mcddelta", little-endian */
#define DELTA_ROWS_MAX 64                 /* a visit of more paths writes the view anew */
#define TAIL_MAX (1u << 20)               /* deltas a writer reads back, at most */

/* What a file was when the view was made: a later write changes its
 * size or its time (or, replaced, its inode). All zero: no such file. */
struct stamp {
	int64_t dev, ino, size, sec, nsec;
};

struct head {
	char magic[8];
	uint32_t format, schema;
	struct stamp db, wal;
	uint64_t nrepo, nvisit, nstrings;
	uint64_t sum; /* of the body, with this field zero */
};

/* One row: a path in the strings, three numbers (the repository's id,
 * device and inode; the visit's rank, as the bits of a double, last and
 * seq), and the mask of the path's last component (view_rec_mask()). */
struct rec {
	uint64_t off, len;
	int64_t a, b, c;
	uint64_t mask;
};

/* A delta, after the body or the delta before it: this head, NROW rows,
 * their paths one after another, zeros up to a multiple of 8 bytes. */
struct delta {
	uint64_t magic, size, nrow; /* SIZE: all of it, head to padding */
	struct stamp db, wal;       /* the files after the write it says */
	uint64_t sum;               /* of it with this field zero, from the sum before */
};

struct drow {
	uint64_t len;
	int64_t rank, last, seq; /* as in a visit's rec */
	uint64_t mask;
};

/* What the deltas after a body say: how many are whole and chained, where
 * the last ends, its sum and its stamps (the head's when there is none). */
struct tail {
	size_t n, end;
	uint64_t sum;
	struct stamp db, wal;
};

/* A checksum for a torn or damaged file, not for an adversary: the file
 * is the user's own, 0600. Four lanes of eight bytes, each a chain of its
 * own, so the multiplies overlap: every query with a history sums its view
 * (240 KB for 2,000 visits), and one lane took 57 us of it. Fed in pieces
 * (a patched view is written from several), as if in one. */
struct sum {
	uint64_t h[4];
	unsigned char tail[32];
	size_t ntail;
};

void view_sum_init(struct sum *s);
void view_sum_add(struct sum *s, const void *data, size_t size);
uint64_t view_sum_end(struct sum *s);

/* The head at H into S, its own sum taken as zero. */
void view_sum_head(struct sum *s, const void *h);

/* The sum of the delta D (its SIZE bytes at D), following the sum PREV. */
uint64_t view_delta_sum(const char *d, size_t size, uint64_t prev);

/* The stamps of the database DBPATH and its WAL, now. */
void view_stamps_of(const char *dbpath, struct stamp *db, struct stamp *wal);

/* SQLite's order of BLOBs: the bytes, then the shorter first. */
int view_blob_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* Where the body of a file of SIZE bytes with the head at DATA (into H)
 * ends, when the head is of this format and its counts fit; else 0. */
size_t view_body_end(const char *data, size_t size, struct head *h);

/* The deltas in the SIZE bytes at DATA, which follow a body ending at
 * offset END of the file with the head H: into T, those that are whole,
 * each with its rows and paths inside it and the sum that follows the one
 * before. The first that is not ends them (a writer killed half way). */
void view_read_tail(const char *data, size_t size, size_t end, const struct head *h,
                    struct tail *t);

/* The view of the database DBPATH opened for reading, when it is the
 * user's own regular file of a size a view can have, on a filesystem whose
 * file times can be trusted (on a network one they are cached); its
 * status into *ST. Returns the descriptor, or -1. */
int view_open_file(const char *dbpath, struct stat *st);

/* Do the stamps T ends with say what the files of DBPATH are now? */
int view_current(const char *dbpath, const struct tail *t);

/* The mask (prefilter_mask()) of the last component of PATH[0..LEN): what
 * a row keeps, so that a query passes over most visits unread. */
uint64_t view_rec_mask(const char *path, size_t len);

#endif
