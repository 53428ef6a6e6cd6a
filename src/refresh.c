/* refresh.c - refresh a repository's snapshot: stat every folder, read
 * again only those whose mtime (or a manifest's) changed, walk the new ones */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index_internal.h"
#include "manifest.h"
#include "snapshot.h"
#include "walk.h"

struct refresh {
	const struct snapshot *s;
	int rootfd;
	int64_t since;      /* an mtime at or after this may be newer than the snapshot */
	struct collect out; /* rows of re-read folders */
	struct buf subtrees, path, dirs;
	size_t nsubtrees, reread;
};

/* Has the file REL/NAME changed since the snapshot (or gone)? */
static int file_changed(struct refresh *r, const char *rel, size_t len, const char *name)
{
	struct stat st;

	buf_setlen(&r->path, 0);
	buf_add(&r->path, rel, len);
	if (len)
		buf_addch(&r->path, '/');
	buf_adds(&r->path, name);
	return fstatat(r->rootfd, r->path.data, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	       st.st_mtim.tv_sec >= r->since;
}

/* Read the folder of entry E again: its manifests, and its child folders
 * not in the snapshot, which become subtrees to walk. Returns 0, -1 when it
 * cannot be read (dropped), or REFRESH_FULL. */
static int reread(struct refresh *r, const struct snap_entry *e, struct row **out)
{
	const char *rel = snap_path(r->s, e);
	struct buf files = BUF_INIT;
	size_t ndirs = 0, nfiles = 0, i;
	int fd, has_ignore = 0, ret = 0;
	const char *name;
	struct row *row;

	fd = openat(r->rootfd, e->pathlen ? rel : ".",
	            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	buf_setlen(&r->dirs, 0);
	if (fd < 0 ||
	    walk_list(fd, want_file, &r->dirs, &ndirs, &files, &nfiles, &has_ignore) < 0) {
		ret = -1;
		goto out;
	}
	r->reread++;
	if (!has_ignore != !(e->flags & SNAP_GITIGNORE)) {
		ret = REFRESH_FULL; /* a .gitignore came or went */
		goto out;
	}
	row = new_row(&r->out, rel, e->pathlen);
	if (has_ignore)
		row->flags |= SNAP_GITIGNORE;
	read_manifests(&r->out, fd, files.data, nfiles, row);
	*out = row;
	for (name = r->dirs.data, i = 0; i < ndirs; i++, name += strlen(name) + 1) {
		buf_setlen(&r->path, 0);
		buf_add(&r->path, rel, e->pathlen);
		if (e->pathlen)
			buf_addch(&r->path, '/');
		buf_adds(&r->path, name);
		if (snapshot_find(r->s, r->path.data, r->path.len) == SNAP_NONE) {
			buf_add(&r->subtrees, r->path.data, r->path.len + 1);
			r->nsubtrees++;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	buf_release(&files);
	return ret;
}

/* Does a manifest of the project entry E whose contents name it look newer
 * than the snapshot? Rewritten in place, it leaves the folder's mtime alone. */
static int manifests_changed(struct refresh *r, const struct snap_entry *e)
{
	uint32_t bits;
	const char *file;

	/* only the kinds it holds, usually one: one bit each from SNAP_MANIFEST(0) */
	for (bits = e->flags & SNAP_MANIFESTS; bits; bits &= bits - 1) {
		int k = __builtin_ctz(bits) - __builtin_ctz(SNAP_MANIFEST(0));
		if ((file = manifest_file_name(k)) &&
		    file_changed(r, snap_path(r->s, e), e->pathlen, file))
			return 1;
	}
	return 0;
}

#define MTIME_GONE INT64_MIN /* not there, or not a directory any more */
#define MTIME_TOO_DEEP (INT64_MIN + 1)

/* A folder with at least this many below it is opened (O_PATH) and what
 * is below it stat'ed from there: the kernel then walks a component or two
 * a stat instead of the whole path, which took about 40% of a stat. */
#define STAT_BASE_MIN 32
#define STAT_BASES 64 /* open at once, at most, per thread */

/* The mtime of entries [FROM, TO) of a snapshot, one stat each: the bulk
 * of a refresh, shared out between threads. */
struct stat_job {
	const struct snapshot *s;
	int rootfd;
	int64_t *mtime;
	const uint32_t *below; /* how many entries each entry's subtree holds */
	size_t from, to;
};

/* An opened folder: its path, its descriptor. */
struct stat_base {
	const char *path;
	size_t len;
	int fd;
};

static void *stat_range(void *arg)
{
	struct stat_job *j = arg;
	struct stat_base base[STAT_BASES];
	size_t i, depth = 0;

	for (i = j->from; i < j->to; i++) {
		const struct snap_entry *e = &j->s->v[i];
		const char *path = snap_path(j->s, e), *rel = path;
		int dirfd = j->rootfd, fd = -1, rc;
		struct stat st;

		if (e->pathlen >= PATH_MAX) {
			/* read again, it could not be opened by its path */
			j->mtime[i] = MTIME_TOO_DEEP;
			continue;
		}
		/* from the nearest opened folder above it */
		while (depth && !snapshot_is_below(base[depth - 1].path, base[depth - 1].len, path,
		                                   e->pathlen))
			close(base[--depth].fd);
		if (depth) {
			dirfd = base[depth - 1].fd;
			rel = path + base[depth - 1].len + 1;
		}
		if (!e->pathlen)
			rc = fstat(j->rootfd, &st);
		else if (j->below[i] >= STAT_BASE_MIN && depth < STAT_BASES &&
		         (fd = openat(dirfd, rel, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >=
		             0 &&
		         fstat(fd, &st) == 0) {
			base[depth++] = (struct stat_base){path, e->pathlen, fd};
			rc = 0;
		} else {
			if (fd >= 0)
				close(fd);
			rc = fstatat(dirfd, rel, &st, AT_SYMLINK_NOFOLLOW);
		}
		if (rc < 0)
			j->mtime[i] = errno == ENAMETOOLONG ? MTIME_TOO_DEEP : MTIME_GONE;
		else
			j->mtime[i] = S_ISDIR(st.st_mode) ? (int64_t)st.st_mtim.tv_sec : MTIME_GONE;
	}
	while (depth)
		close(base[--depth].fd);
	return NULL;
}

static void stat_all(const struct snapshot *s, int rootfd, int64_t *mtime)
{
	struct stat_job job[WALK_MAX_THREADS];
	uint32_t *below = xcalloc(s->n + 1, sizeof(*below));
	int n = walk_default_threads(), k;
	size_t i;

	/* parents come first (snapshot_open() checked that): one pass from
	   the end sums the subtrees */
	for (i = s->n; i-- > 1;)
		if (s->v[i].parent != SNAP_NONE)
			below[s->v[i].parent] += below[i] + 1;
	if ((size_t)n > s->n / 1024 + 1)
		n = (int)(s->n / 1024 + 1); /* threads only pay off for many */
	for (k = 0; k < n; k++) {
		job[k].s = s;
		job[k].rootfd = rootfd;
		job[k].mtime = mtime;
		job[k].below = below;
		job[k].from = s->n * (size_t)k / (size_t)n;
		job[k].to = s->n * (size_t)(k + 1) / (size_t)n;
	}
	run_jobs(stat_range, job, sizeof(*job), n);
	free(below);
}

int index_refresh(const struct snapshot *s, const char *root, int64_t now,
                  struct index_stats *stats)
{
	struct collect walked[WALK_MAX_THREADS];
	struct refresh r;
	struct snap_item *refs = NULL;
	struct walk_stats ws = {0, 0, 0};
	size_t n = 0, i, j;
	int64_t newest;
	uint32_t hflags;
	int ret = -1, sorted = 1;
	/* which old entries are kept (1), re-read into r.out (2), or dropped (0) */
	unsigned char *keep = xcalloc(s->n + 1, 1);
	int64_t *mtime = xmalloc((s->n + 1) * sizeof(*mtime));

	memset(&r, 0, sizeof(r));
	memset(walked, 0, sizeof(walked));
	r.s = s;
	r.since = s->indexed_at - 1;
	r.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r.rootfd < 0) {
		error("cannot open '%s': %s", quote_for_humans(root), strerror(errno));
		goto out;
	}
	hflags = global_ignores(r.rootfd, &newest);
	/* an ignore file, or MCD_EXCLUDE, changed: what is indexed changed */
	if (hflags != s->flags || newest >= r.since || !s->n || s->v[0].pathlen ||
	    s->exclude != snapshot_exclude_hash(getenv("MCD_EXCLUDE"))) {
		ret = REFRESH_FULL;
		goto out;
	}
	stat_all(s, r.rootfd, mtime);
	for (i = 0; i < s->n;) {
		const struct snap_entry *e = &s->v[i];
		const char *rel = snap_path(s, e);
		struct row *row = NULL;
		int rc;

		if (mtime[i] == MTIME_TOO_DEEP) {
			ret = REFRESH_FULL; /* deeper than a path reaches: walk it */
			goto out;
		}
		if (mtime[i] == MTIME_GONE) {
			/* gone: drop it and its subtree, which follows it */
			for (j = i + 1; j < s->n; j++) {
				const struct snap_entry *d = &s->v[j];
				if (!snapshot_is_below(rel, e->pathlen, snap_path(s, d),
				                       d->pathlen))
					break;
			}
			i = j;
			continue;
		}
		if ((e->flags & SNAP_GITIGNORE) &&
		    file_changed(&r, rel, e->pathlen, ".gitignore")) {
			ret = REFRESH_FULL;
			goto out;
		}
		if (mtime[i] >= r.since ||
		    ((e->flags & SNAP_PROJECT) && manifests_changed(&r, e))) {
			rc = reread(&r, e, &row);
			if (rc == REFRESH_FULL) {
				ret = REFRESH_FULL;
				goto out;
			}
			keep[i] = rc == 0 ? 2 : 0;
		} else {
			keep[i] = 1;
		}
		i++;
	}
	if (r.nsubtrees) {
		struct walk_opts o = {0, 0, r.subtrees.data, r.nsubtrees};
		struct walk_ctx w = {root, getenv("MCD_EXCLUDE"), walked};

		if (walk_tree_opts(root, collect_dir, want_file, &w, &o, &ws) < 0)
			goto out;
	}

	for (i = 0; i < WALK_MAX_THREADS; i++)
		if (walked[i].n)
			sorted = 0;
	for (i = 0, n = 0; i < s->n; i++)
		n += keep[i] == 1;
	/* nothing changed: the old snapshot stays, its time moved to this
	   refresh's start (each folder was stat'ed after it), so it is not
	   stale for the background refresh, which would check it all again */
	if (n == s->n && !r.reread && sorted) {
		if (now > s->indexed_at)
			snapshot_touch(root, now);
		goto done;
	}
	/* the old entries in order, re-read ones from r.out, then new subtrees */
	n = 0;
	refs = xmalloc((s->n + 1) * sizeof(*refs));
	for (i = 0, j = 0; i < s->n; i++) {
		const struct snap_entry *e = &s->v[i];
		struct snap_item *f;
		if (!keep[i])
			continue;
		f = &refs[n++];
		if (keep[i] == 1) {
			f->rel = snap_path(s, e);
			f->len = e->pathlen;
			f->name = snap_name(s, e);
			f->namelen = e->namelen;
			f->flags = e->flags;
		} else {
			const struct row *w = &r.out.v[j++];
			f->rel = r.out.arena.data + w->rel;
			f->len = w->len;
			f->name = r.out.arena.data + w->name;
			f->namelen = w->namelen;
			f->flags = w->flags;
		}
	}
	for (i = 0; i < WALK_MAX_THREADS; i++)
		add_refs(&refs, &n, &walked[i]);
	if (write_snapshot(root, refs, n, sorted, now, hflags) < 0)
		goto out;
done:
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		stats->dirs = n;
		stats->ignored = ws.ignored;
		stats->errors = ws.errors;
		stats->reread = r.reread;
	}
	ret = 0;
out:
	if (r.rootfd >= 0)
		close(r.rootfd);
	for (i = 0; i < WALK_MAX_THREADS; i++)
		collect_release(&walked[i]);
	collect_release(&r.out);
	buf_release(&r.subtrees);
	buf_release(&r.path);
	buf_release(&r.dirs);
	free(refs);
	free(keep);
	free(mtime);
	return ret;
}
