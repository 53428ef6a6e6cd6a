/* salvage.h - check a database file; read back the history of a damaged one
 *
 * What `mcd doctor` does to a database, without its report: the file is
 * only ever opened read-only here, and what is salvaged goes into another
 * database the caller opened.
 */
#ifndef MCD_SALVAGE_H
#define MCD_SALVAGE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* Run SQLite's quick_check on the database file at PATH, opened read-only.
 * Returns 1 when the file is sound, 0 when it is damaged or cannot be
 * read; then what SQLite says is appended to REPORT, a line each ("cannot
 * open: ...", "quick_check: ...", at most 20 of the latter). */
int salvage_check(const char *path, struct buf *report);

/* The visits read back from a damaged file. */
struct salvage {
	struct buf arena; /* paths, NUL-separated */
	struct {
		size_t path; /* offset in ARENA */
		double rank;
		int64_t last, seq;
	} * v;
	size_t n, cap;
};

void salvage_init(struct salvage *s);
void salvage_release(struct salvage *s);

/* Read into S every visit row that can still be read from the database
 * file at PATH, opened read-only, up to the first damaged page; rows that
 * cannot be a visit (no absolute path) are left out. Never fails: what
 * cannot be read is not there. */
void salvage_read(const char *path, struct salvage *s);

/* Write the visits of S into DB, replacing rows of the same path, and
 * recount the history's total, in one transaction. Returns 0, or -1 with a
 * message (nothing is written then). */
int salvage_restore(struct db *db, const struct salvage *s);

#endif
