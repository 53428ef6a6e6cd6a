/* walk.c - a depth-first directory walk with relative I/O and gitignore */
#include "walk.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ignore.h"
#include "util.h"

#define WALK_MAX_IGNORE_FILE (4 << 20) /* a bigger .gitignore is not one */

struct walker {
	int fd_budget; /* deeper than this, parents are closed before children open */
	walk_fn fn;
	walk_want_fn want;
	void *arg;
	struct ignore ig;
	struct buf rel;
	struct buf text; /* scratch for ignore files */
	char dents[64 * 1024] __attribute__((aligned(8))); /* getdents64 buffer */
	struct walk_stats stats;
};

static int is_vcs_dir(const char *name)
{
	return name[0] == '.' && (!strcmp(name, ".git") || !strcmp(name, ".hg") || !strcmp(name, ".jj"));
}

static void push_ignore_file(struct walker *w, int dirfd, const char *name, const char *base)
{
	if (read_file_at(dirfd, name, WALK_MAX_IGNORE_FILE, &w->text) == 0)
		ignore_push(&w->ig, base, w->text.data, w->text.len);
	else
		ignore_push(&w->ig, base, "", 0);
}

/* The global excludes file, as git finds it without a core.excludesFile. */
static void push_global_excludes(struct walker *w)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL;

	if (xdg && xdg[0] == '/')
		path = path_join(xdg, "git/ignore");
	else if (home && home[0] == '/')
		path = path_join(home, ".config/git/ignore");
	if (path)
		push_ignore_file(w, AT_FDCWD, path, "");
	else
		ignore_push(&w->ig, "", "", 0);
	free(path);
}

#define WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)

/* Read the entries of the directory FD: child directories into CHILDREN and
 * the regular files the caller wants into FILES (NUL-separated names). Sets
 * *HAS_IGNORE when a .gitignore is there. Returns 0 or -1 (errno set). */
static int read_entries(struct walker *w, int fd, struct buf *children, size_t *nchildren,
			struct buf *files, size_t *nfiles, int *has_ignore)
{
	for (;;) {
		ssize_t n = getdents64(fd, w->dents, sizeof(w->dents));
		ssize_t off;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		for (off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(w->dents + off);
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
				type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
			}
			if (type == DT_DIR) {
				if (!is_vcs_dir(name)) {
					buf_add(children, name, strlen(name) + 1);
					(*nchildren)++;
				}
			} else if (type == DT_REG) {
				if (!strcmp(name, ".gitignore"))
					*has_ignore = 1;
				if (w->want && w->want(name)) {
					buf_add(files, name, strlen(name) + 1);
					(*nfiles)++;
				}
			}
		}
	}
}

/* Walk the directory open at *FDP. Deeper than the descriptor budget, a
 * directory's descriptor is closed while its children are walked and
 * reopened through ".." afterwards (checked to be the same directory), so
 * neither the number of open descriptors nor PATH_MAX limits the depth.
 * *FDP is the directory's descriptor on return, or -1 when it was lost. */
static int walk_dir(struct walker *w, int *fdp, int depth)
{
	struct buf children = BUF_INIT, files = BUF_INIT;
	size_t nfiles = 0, nchildren = 0, rellen = w->rel.len;
	int fd = *fdp, has_ignore = 0, ret = 0, r;
	struct walk_dir d;
	struct stat st;
	const char *name;

	if (read_entries(w, fd, &children, &nchildren, &files, &nfiles, &has_ignore) < 0 ||
	    fstat(fd, &st) < 0) {
		w->stats.errors++; /* vanished or unreadable: skip it */
		goto out;
	}
	d.rel = w->rel.data;
	d.len = w->rel.len;
	d.fd = fd;
	d.mtime = st.st_mtim.tv_sec;
	d.depth = depth;
	d.files = files.data;
	d.nfiles = nfiles;
	w->stats.dirs++;
	r = w->fn(&d, w->arg);
	if (r < 0) {
		ret = -1;
		goto out;
	}
	if (r > 0 || !nchildren)
		goto out;

	if (has_ignore)
		push_ignore_file(w, fd, ".gitignore", w->rel.data);
	for (name = children.data; nchildren--; name += strlen(name) + 1) {
		int child;
		if (rellen)
			buf_addch(&w->rel, '/');
		buf_adds(&w->rel, name);
		if (ignore_match(&w->ig, w->rel.data, 1)) {
			w->stats.ignored++;
		} else if ((child = openat(fd, name, WALK_FLAGS)) < 0) {
			w->stats.errors++; /* unreadable, vanished, or now a symlink */
		} else {
			int budget = depth >= w->fd_budget;
			struct stat again;
			if (budget) {
				close(fd);
				fd = -1;
			}
			if (walk_dir(w, &child, depth + 1) < 0)
				ret = -1;
			if (budget) {
				if (child >= 0)
					fd = openat(child, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (fd >= 0 && (fstat(fd, &again) < 0 || again.st_dev != st.st_dev ||
						again.st_ino != st.st_ino)) {
					close(fd); /* moved away mid-walk */
					fd = -1;
				}
			}
			if (child >= 0)
				close(child);
			if (fd < 0) {
				w->stats.errors++;
				buf_setlen(&w->rel, rellen);
				break;
			}
		}
		buf_setlen(&w->rel, rellen);
		if (ret < 0)
			break;
	}
	if (has_ignore)
		ignore_pop(&w->ig);
out:
	*fdp = fd;
	buf_release(&children);
	buf_release(&files);
	return ret;
}

int walk_tree(const char *root, walk_fn fn, walk_want_fn want, void *arg, struct walk_stats *stats)
{
	struct walker *w;
	struct rlimit rl;
	int fd, ret;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error("cannot open '%s': %s", quote_for_humans(root), strerror(errno));
	w = xcalloc(1, sizeof(*w)); /* holds the 64 KiB getdents buffer */
	w->fn = fn;
	w->want = want;
	w->arg = arg;
	/* keep at most half the descriptors for open ancestors */
	w->fd_budget = 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)w->fd_budget > rl.rlim_cur / 2)
		w->fd_budget = (int)(rl.rlim_cur / 2) - 4;
	if (w->fd_budget < 0)
		w->fd_budget = 0;

	ignore_init(&w->ig);
	push_global_excludes(w);
	push_ignore_file(w, fd, ".git/info/exclude", "");
	buf_setlen(&w->rel, 0);
	/* the root's own .gitignore is pushed by walk_dir like any other */
	ret = walk_dir(w, &fd, 0);
	if (fd >= 0)
		close(fd);
	if (stats)
		*stats = w->stats;
	ignore_release(&w->ig);
	buf_release(&w->rel);
	buf_release(&w->text);
	free(w);
	return ret;
}
