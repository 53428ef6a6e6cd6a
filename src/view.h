/* view.h - what a query reads of mcd.db, in a file of its own
 *
 * <database>-view (mcd.db-view, 0600) holds the repositories (path, id,
 * device, inode) and the history (path, rank, last, seq) as they were
 * after the last write, in path order, with the size, time and inode of
 * the database and its WAL at that moment. A query or TAB that finds it
 * still matching those files reads it instead of opening SQLite (the open,
 * its locks and its WAL index cost a query about a third of its time);
 * anything else reads the database. mcd.db stays the only source of truth:
 * the view is derived, never synced, replaced (unlink(), then rename()
 * into the free name) so a reader sees one whole file or none, and every check failing (missing,
 * damaged, from another format, the database written since by anything that did not write the view
 * after it, a network filesystem) means "read the database". Nothing reports a view that fails: it
 * only costs time.
 *
 * A visit does not write the whole file again: it appends a delta, the
 * rows of the paths it wrote as the database then held them and the
 * stamps after its write, each delta summed from the sum before it. A
 * reader takes the deltas that are whole and chained, in order, the last
 * one's stamps being what must match; a delta torn by a kill only makes
 * the stamps miss. Past VIEW_DELTAS_MAX of them, a visit writes the file
 * anew with them folded in. The file only ever grows in place.
 */
#ifndef MCD_VIEW_H
#define MCD_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define VIEW_SUFFIX "-view"
#define VIEW_TMP_SUFFIX ".tmp" /* after VIEW_SUFFIX: the view being written */

struct view_repo {
	const char *path; /* not NUL-terminated: LEN bytes */
	size_t len;
	int64_t id, dev, ino;
};

struct view_visit {
	const char *path; /* not NUL-terminated: LEN bytes */
	size_t len;
	double rank;
	int64_t last, seq;
	uint64_t mask; /* prefilter_mask() of PATH's last component; all bits when
	                  not known (read from the database) */
};

struct view {
	char *data; /* the whole file, mapped read-only */
	size_t size;
	const char *repos, *visits, *strings;
	size_t nrepo, nvisit;
	size_t nstrings; /* the strings of the file's body; deltas' paths follow */
	size_t ndelta;   /* deltas taken, their rows merged into VISITS */
	char *merged;    /* VISITS when there are deltas, else NULL: malloc'ed */
};

/* Deltas a view takes before a visit writes it anew, folded. */
#define VIEW_DELTAS_MAX 32

/* Read the view of the database file DBPATH into V. Returns 1 when it is
 * there, sound, and the database has not been written since it was made;
 * 0 otherwise (V then holds nothing). Never prints. Release with
 * view_close(); the paths it gives point into V until then. */
int view_open(struct view *v, const char *dbpath);
void view_close(struct view *v);

/* The I-th repository (I < V->nrepo) and the I-th visit (I < V->nvisit),
 * in path order (SQLite's order of BLOBs: bytes, then length). */
void view_repo_at(const struct view *v, size_t i, struct view_repo *out);
void view_visit_at(const struct view *v, size_t i, struct view_visit *out);

/* The index of the repository at PATH (LEN bytes), or -1. */
long view_repo_find(const struct view *v, const char *path, size_t len);

/* The index of the first visit whose path is not before KEY (LEN bytes). */
size_t view_visit_lower(const struct view *v, const char *key, size_t len);

/* Inside DB's write transaction, before a write that changes nothing but
 * the visits of some paths (history_add()): note the view as it is, when
 * it still says what the database holds, so that view_write() appends
 * those rows to it as a delta (or, past VIEW_DELTAS_MAX, writes it anew
 * with its deltas and those rows folded in) instead of reading the whole
 * history again (with thousands of visits, most of what a visit cost).
 * view_patch_path() names each path written; view_patch_drop() gives up,
 * for a write that changed more. view_write() checks that this connection
 * committed that one write and nobody else wrote since; else it reads
 * everything. */
void view_patch_begin(struct db *db);
void view_patch_path(struct db *db, const char *path, size_t len);
void view_patch_drop(struct db *db);

/* Replace the view of DB's database with one made from it now: after
 * DB's last write, outside a transaction. Removes the view where it
 * cannot be trusted (a rollback journal: a network filesystem, whose
 * file times are cached). Returns 0, or -1 when it could not be written
 * (no message: queries then read the database). */
int view_write(struct db *db);

#endif
