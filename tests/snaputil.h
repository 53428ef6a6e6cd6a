/* snaputil.h - what the snapshot tests share: a data folder, a snapshot
 * file in it, writing paths there */
#ifndef MCD_SNAPUTIL_H
#define MCD_SNAPUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapbuild.h"
#include "snapshot.h"
#include "util.h"

#define NOW ((int64_t)1700000000)
#define ROOT "/r/acme"

struct fixture {
	char dir[64];
	char file[128];
};

static inline int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/mcd-test-snapshot-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->file, sizeof(f->file), "%s/x.idx", f->dir);
	setenv("MCD_DATA_DIR", f->dir, 1);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	unsetenv("MCD_DATA_DIR");
	free(f);
	return 0;
}

/* Write PATHS (NULL-terminated, in snapshot order) as ROOT's snapshot in F's file. */
static inline void write_paths(struct fixture *f, const char *root, const char *const *paths)
{
	struct snap_builder b;
	size_t i;

	snap_builder_init(&b);
	for (i = 0; paths[i]; i++)
		assert_int_equal(snap_builder_add(&b, paths[i], strlen(paths[i]), NULL, 0, 0), 0);
	assert_int_equal(snap_builder_write(&b, root, f->file, NOW, SNAP_HAD_EXCLUDE), 0);
	snap_builder_release(&b);
}
#endif
