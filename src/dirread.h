/* dirread.h - what walk.c (the walk of a tree) and dirread.c (reading one
 * open folder) share; no other module includes it
 *
 * Each walker reads its folders with dirread_entries() into a getdents64
 * buffer of its own, once per folder; walk_list() (walk.h) is the same
 * read with a buffer allocated for the call.
 */
#ifndef MCD_DIRREAD_H
#define MCD_DIRREAD_H

#include <stddef.h>
#include <sys/vfs.h>

#include "util.h"
#include "walk.h"

#define WALK_DENTS (64 * 1024) /* bytes of a getdents64 buffer */

/* 1 when the filesystem of the open directory FD is one whose getdents64
 * fills the buffer as far as it can (ext2/3/4, tmpfs, btrfs, xfs,
 * overlayfs), so a read that leaves room for another record was the last;
 * 0 otherwise, or when fstatfs() fails. Inline so that its one caller,
 * walk_tree_opts(), keeps it inlined as when both were in walk.c. */
static inline int dirread_fills_greedily(int fd)
{
	struct statfs fs;

	if (fstatfs(fd, &fs) < 0)
		return 0;
	switch ((unsigned long)fs.f_type & 0xffffffffUL) {
	case 0xEF53UL:     /* ext2/3/4 */
	case 0x01021994UL: /* tmpfs */
	case 0x9123683EUL: /* btrfs */
	case 0x58465342UL: /* xfs */
	case 0x794c7630UL: /* overlayfs */
		return 1;
	}
	return 0;
}

/* Read the directory open at FD as walk_list() says, with the buffer DENTS
 * (WALK_DENTS bytes, 8-byte aligned; its contents are clobbered). NFILES
 * may be NULL when FILES or WANT is. GREEDY: dirread_fills_greedily() of
 * FD's filesystem, which saves the last getdents64 call; 0 is always
 * right. Returns 0 or -1 (errno set), what was read so far appended. */
int dirread_entries(char *dents, int greedy, int fd, walk_want_fn want, struct buf *children,
                    size_t *nchildren, struct buf *files, size_t *nfiles, int *has_ignore);

#endif
