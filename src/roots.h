/* roots.h - the repositories mcd has indexed */
#ifndef MCD_ROOTS_H
#define MCD_ROOTS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct root_info {
	char *path;
	int64_t indexed_at;
	int64_t ndirs;
};

struct roots {
	struct root_info *v;
	size_t n, cap;
};

/* Every indexed repository, by path, into R (release with roots_release).
 * Returns 0 or -1 with a message. */
int roots_load(struct db *db, struct roots *r);
void roots_release(struct roots *r);

/* Forget the repository at ROOT: its index entry and the history of the
 * root and every directory below it, in one transaction. Returns the
 * number of rows removed (0: nothing known), or -1 with a message. */
int roots_forget(struct db *db, const char *root);

#endif
