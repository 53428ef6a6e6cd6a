/* index.c - walk a repository, or refresh its index, into a snapshot */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exclude.h"
#include "manifest.h"
#include "rank.h"
#include "snapshot.h"
#include "walk.h"

/* One directory found, its strings in its collector's arena. */
struct row {
	size_t rel, len;
	size_t name, namelen; /* declared name in the arena, namelen 0: none */
	uint32_t flags;       /* SNAP_* */
};

/* What one worker found: rows, all strings in one arena. */
struct collect {
	struct row *v;
	size_t n, cap;
	struct buf arena;
	struct buf file, name; /* scratch: a manifest's contents, its name */
	struct buf abs;        /* scratch: an absolute path for MCD_EXCLUDE */
};

/* What collect_dir() is handed: the walk's root, MCD_EXCLUDE, and one
 * collector per worker. */
struct walk_ctx {
	const char *root;
	const char *exclude; /* MCD_EXCLUDE, may be NULL */
	struct collect *out; /* [WALK_MAX_THREADS], indexed by the worker */
};

/* Is REL (below W's root) excluded by MCD_EXCLUDE? C's scratch is used. */
static int excluded(const struct walk_ctx *w, struct collect *c, const char *rel, size_t len)
{
	if (!w->exclude || !*w->exclude || !w->root)
		return 0;
	buf_setlen(&c->abs, 0);
	buf_adds(&c->abs, w->root);
	if (len) {
		if (c->abs.len > 1)
			buf_addch(&c->abs, '/');
		buf_add(&c->abs, rel, len);
	}
	return exclude_match_spec(w->exclude, c->abs.data);
}

/* Every kind has its bit among the flags of a snapshot entry. */
_Static_assert((SNAP_MANIFEST(MANIFEST__COUNT - 1) & ~SNAP_MANIFESTS) == 0,
	       "more manifest kinds than SNAP_MANIFESTS has bits: a new snapshot format is needed");

static int want_file(const char *name)
{
	return manifest_kind(name) != MANIFEST_NONE;
}

/* Read the manifests among the NFILES names in FILES of the directory open
 * at FD: it is a project, and the first declared name found (in
 * manifest_kind order) is its name, appended to C's arena. */
static void read_manifests(struct collect *c, int fd, const char *files, size_t nfiles, struct row *r)
{
	enum manifest_kind best = MANIFEST_NONE;
	const char *f = files;
	size_t i;

	for (i = 0; i < nfiles; i++, f += strlen(f) + 1) {
		enum manifest_kind k = manifest_kind(f);
		if (k == MANIFEST_NONE)
			continue;
		r->flags |= SNAP_PROJECT | SNAP_MANIFEST(k);
		if (best != MANIFEST_NONE && best <= k)
			continue;
		if (manifest_needs_contents(k)) {
			if (read_file_at(fd, f, MANIFEST_MAX_SIZE, &c->file) < 0)
				continue; /* unreadable or too big: a project without a name */
		} else {
			buf_setlen(&c->file, 0);
		}
		if (manifest_name(k, f, c->file.data, c->file.len, &c->name) == 1) {
			best = k;
			r->name = c->arena.len;
			r->namelen = c->name.len;
			buf_add(&c->arena, c->name.data, c->name.len);
		}
	}
}

static struct row *new_row(struct collect *c, const char *rel, size_t len)
{
	struct row *r;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4096;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	r = &c->v[c->n++];
	r->rel = c->arena.len;
	r->len = len;
	r->flags = 0;
	r->name = r->namelen = 0;
	buf_add(&c->arena, rel, len);
	return r;
}

atomic_size_t index_progress;

/* The walk's callback; ARG is a struct walk_ctx. */
static int collect_dir(const struct walk_dir *d, void *arg)
{
	const struct walk_ctx *w = arg;
	struct collect *c = &w->out[d->worker];
	struct row *r;

	atomic_fetch_add_explicit(&index_progress, 1, memory_order_relaxed);
	if (d->len && excluded(w, c, d->rel, d->len))
		return 1; /* MCD_EXCLUDE: neither it nor what is below */
	r = new_row(c, d->rel, d->len);
	if (d->has_ignore)
		r->flags |= SNAP_GITIGNORE;
	if (d->nfiles)
		read_manifests(c, d->fd, d->files, d->nfiles, r);
	return 0;
}

static void collect_release(struct collect *c)
{
	free(c->v);
	buf_release(&c->arena);
	buf_release(&c->file);
	buf_release(&c->name);
	buf_release(&c->abs);
}

static void add_refs(struct snap_item **v, size_t *n, const struct collect *c)
{
	size_t i;

	*v = xrealloc(*v, (*n + c->n + 1) * sizeof(**v));
	for (i = 0; i < c->n; i++) {
		const struct row *r = &c->v[i];
		struct snap_item *f = &(*v)[(*n)++];
		f->rel = c->arena.data + r->rel;
		f->len = r->len;
		f->name = c->arena.data + r->name;
		f->namelen = r->namelen;
		f->flags = r->flags;
	}
}

static int cmp_ref(const void *a, const void *b)
{
	const struct snap_item *x = a, *y = b;
	return snapshot_cmp(x->rel, x->len, y->rel, y->len);
}

/* A run of refs to sort, on a thread of its own. */
struct sort_job {
	struct snap_item *v;
	size_t n;
};

static void *sort_run(void *arg)
{
	struct sort_job *j = arg;

	qsort(j->v, j->n, sizeof(*j->v), cmp_ref);
	return NULL;
}

/* Sort REFS[0..N), made of the NRUNS runs RUN[] (each walker's folders),
 * into snapshot order: a million folders took half a second on one core
 * after the walk, so each run is sorted on a thread of its own, and the
 * sorted runs are merged one into the next. */
static void sort_refs(struct snap_item *refs, size_t n, const size_t *run, size_t nruns)
{
	struct sort_job job[WALK_MAX_THREADS];
	struct snap_item *tmp;
	size_t k, off = 0;
	int njobs = 0;

	for (k = 0; k < nruns; k++) {
		if (run[k] > 1) /* walkers that found little need no thread */
			job[njobs++] = (struct sort_job){refs + off, run[k]};
		off += run[k];
	}
	if (njobs) /* run_jobs() runs the first job whatever N is */
		run_jobs(sort_run, job, sizeof(*job), njobs);
	tmp = xmalloc((n + 1) * sizeof(*tmp));
	for (off = run[0], k = 1; k < nruns; off += run[k], k++) {
		const struct snap_item *a = refs, *b = refs + off;
		struct snap_item *out = tmp;
		size_t i = 0, j = 0;
		if (!run[k])
			continue;
		while (i < off && j < run[k])
			*out++ = cmp_ref(&a[i], &b[j]) <= 0 ? a[i++] : b[j++];
		while (i < off)
			*out++ = a[i++];
		while (j < run[k])
			*out++ = b[j++];
		memcpy(refs, tmp, (off + run[k]) * sizeof(*refs));
	}
	free(tmp);
}

/* Which repository-wide ignore files exist: SNAP_HAD_* */
static uint32_t global_ignores(int rootfd, int64_t *newest)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL;
	struct stat st;
	uint32_t had = 0;

	*newest = 0;
	if (fstatat(rootfd, ".git/info/exclude", &st, 0) == 0) {
		had |= SNAP_HAD_EXCLUDE;
		*newest = st.st_mtim.tv_sec;
	}
	if (xdg && xdg[0] == '/')
		path = path_join(xdg, "git/ignore");
	else if (home && home[0] == '/')
		path = path_join(home, ".config/git/ignore");
	if (path && stat(path, &st) == 0) {
		had |= SNAP_HAD_GLOBAL;
		if (st.st_mtim.tv_sec > *newest)
			*newest = st.st_mtim.tv_sec;
	}
	free(path);
	return had;
}

/* Sort REFS (unless already in order) and write them as ROOT's snapshot;
 * a folder walked twice is listed once. */
static int write_snapshot(const char *root, struct snap_item *refs, size_t n, int sorted,
			  int64_t now, uint32_t hflags)
{
	struct snap_builder b;
	int ret, threads;

	if (!sorted)
		qsort(refs, n, sizeof(*refs), cmp_ref);
	snap_builder_init(&b);
	/* a thread is worth it for some thousands of folders */
	threads = walk_default_threads();
	if ((size_t)threads > n / 8192 + 1)
		threads = (int)(n / 8192 + 1);
	ret = snap_builder_add_all(&b, refs, n, threads);
	if (ret < 0)
		ret = error("cannot index '%s': too many folders or a path with a NUL",
			    quote_for_humans(root));
	else
		ret = snap_builder_write(&b, root, NULL, now, hflags);
	snap_builder_release(&b);
	return ret;
}

/* List ROOT in the repo table; returns its id or -1. */
static int64_t store_repo(struct db *db, const char *root, int64_t now, size_t ndirs)
{
	sqlite3_stmt *st = db_stmt(db, STMT_REPO_PUT);
	int64_t id;

	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, (int64_t)ndirs);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(db, "cannot store index");
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* index_repo() with a full walk. */
static int64_t index_full(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct collect c[WALK_MAX_THREADS];
	struct walk_ctx w = {root, getenv("MCD_EXCLUDE"), c};
	struct walk_opts o = {0, 0, NULL, 0};
	struct walk_stats ws;
	struct snap_item *refs = NULL;
	size_t n = 0, i, run[WALK_MAX_THREADS];
	int64_t id = -1, newest;
	uint32_t hflags;
	int rootfd;

	memset(c, 0, sizeof(c));
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	hflags = rootfd >= 0 ? global_ignores(rootfd, &newest) : 0;
	if (rootfd >= 0)
		close(rootfd);
	if (walk_tree_opts(root, collect_dir, want_file, &w, &o, &ws) < 0)
		goto out;
	for (i = 0; i < WALK_MAX_THREADS; i++) {
		run[i] = c[i].n;
		add_refs(&refs, &n, &c[i]);
	}
	sort_refs(refs, n, run, WALK_MAX_THREADS);
	if (write_snapshot(root, refs, n, 1, now, hflags) < 0)
		goto out;
	id = store_repo(db, root, now, n);
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		stats->dirs = ws.dirs;
		stats->ignored = ws.ignored;
		stats->errors = ws.errors;
		stats->full = 1;
	}
out:
	for (i = 0; i < WALK_MAX_THREADS; i++)
		collect_release(&c[i]);
	free(refs);
	return id;
}

/* ---- refresh ----------------------------------------------------------------- */

#define REFRESH_FULL 1 /* an ignore file changed: walk it all */

struct refresh {
	const struct snapshot *s;
	int rootfd;
	int64_t since; /* an mtime at or after this may be newer than the snapshot */
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

	fd = openat(r->rootfd, e->pathlen ? rel : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	buf_setlen(&r->dirs, 0);
	if (fd < 0 || walk_list(fd, want_file, &r->dirs, &ndirs, &files, &nfiles, &has_ignore) < 0) {
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
	const char *file;
	int k;

	for (k = 0; k < MANIFEST__COUNT; k++)
		if ((e->flags & SNAP_MANIFEST(k)) && (file = manifest_file_name(k)) &&
		    file_changed(r, snap_path(r->s, e), e->pathlen, file))
			return 1;
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
			 (fd = openat(dirfd, rel, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0 &&
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

/* Refresh the snapshot S of ROOT. Returns 0 with the new snapshot written,
 * REFRESH_FULL when only a full walk will do, or -1 with a message. */
static int refresh(const struct snapshot *s, const char *root, int64_t now,
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
	if (hflags != s->flags || newest >= r.since || !s->n || s->v[0].pathlen) {
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
				if (!snapshot_is_below(rel, e->pathlen, snap_path(s, d), d->pathlen))
					break;
			}
			i = j;
			continue;
		}
		if ((e->flags & SNAP_GITIGNORE) && file_changed(&r, rel, e->pathlen, ".gitignore")) {
			ret = REFRESH_FULL;
			goto out;
		}
		if (mtime[i] >= r.since || ((e->flags & SNAP_PROJECT) && manifests_changed(&r, e))) {
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

	/* the old entries in order, re-read ones from r.out, then new subtrees */
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
	for (i = 0; i < WALK_MAX_THREADS; i++) {
		if (walked[i].n)
			sorted = 0;
		add_refs(&refs, &n, &walked[i]);
	}
	/* nothing changed: the old snapshot stays, with its older time, which
	   only makes the next refresh look at a little more */
	if ((n != s->n || r.reread || !sorted) &&
	    write_snapshot(root, refs, n, sorted, now, hflags) < 0)
		goto out;
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

int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct snapshot s;
	struct index_stats st;
	int r = snapshot_open(&s, root, NULL);

	if (r < 0)
		return -1;
	if (r == 0)
		return index_full(db, root, now, stats);
	r = refresh(&s, root, now, &st);
	snapshot_close(&s);
	if (r == REFRESH_FULL)
		return index_full(db, root, now, stats);
	if (r < 0)
		return -1;
	if (stats)
		*stats = st;
	return store_repo(db, root, now, st.dirs);
}

int64_t index_lookup(struct db *db, const char *root, int64_t *indexed_at)
{
	sqlite3_stmt *st = db_stmt(db, STMT_REPO_GET);
	int64_t id = 0;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read index");
	if (id > 0) {
		/* the snapshot is the index: without a sound one, not indexed */
		rc = snapshot_peek(root, indexed_at);
		if (rc < 0)
			return -1;
		if (rc == 0)
			id = 0;
	}
	return id;
}
