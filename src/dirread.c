/* dirread.c - read one open folder: getdents64 into a big buffer, d_type
 * for what each entry is, the child folders and the wanted files */
#include "dirread.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A getdents64 record is at most 19 bytes of header plus a 255-byte name,
 * rounded to 8: a read that left more room than this reached the end. */
#define WALK_DENT_MAX 512

static int is_vcs_dir(const char *name)
{
	return name[0] == '.' &&
	       (!strcmp(name, ".git") || !strcmp(name, ".hg") || !strcmp(name, ".jj"));
}

/* Read the entries of the directory FD with the buffer DENTS. */
int dirread_entries(char *dents, int greedy, int fd, walk_want_fn want, struct buf *children,
                    size_t *nchildren, struct buf *files, size_t *nfiles, int *has_ignore)
{
	for (;;) {
		ssize_t n = getdents64(fd, dents, WALK_DENTS);
		ssize_t off;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		for (off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(dents + off);
			const char *name = e->d_name;
			unsigned char type = e->d_type;
			struct stat st;

			off += e->d_reclen;
			if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
				continue;
			if (type == DT_UNKNOWN) {
				/* some filesystems do not say: ask, without following */
				if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
					continue;
				type = S_ISDIR(st.st_mode)   ? DT_DIR
				       : S_ISREG(st.st_mode) ? DT_REG
				                             : DT_LNK;
			}
			if (type == DT_DIR) {
				if (!is_vcs_dir(name)) {
					buf_add(children, name, strlen(name) + 1);
					(*nchildren)++;
				}
			} else if (type == DT_REG) {
				if (!strcmp(name, ".gitignore"))
					*has_ignore = 1;
				if (want && files && want(name)) {
					buf_add(files, name, strlen(name) + 1);
					(*nfiles)++;
				}
			}
		}
		/* room left for more than the largest record: that was all */
		if (greedy && WALK_DENTS - n >= WALK_DENT_MAX)
			return 0;
	}
}

int walk_list(int fd, walk_want_fn want, struct buf *dirs, size_t *ndirs, struct buf *files,
              size_t *nfiles, int *has_ignore)
{
	char *dents = xmalloc(WALK_DENTS);
	size_t nf = 0;
	int r;

	r = dirread_entries(dents, 0, fd, want, dirs, ndirs, files, nfiles ? nfiles : &nf,
	                    has_ignore);
	free(dents);
	return r;
}
