/* index.c - walk a repository into its snapshot, list it, look it up;
 * the refresh of an existing snapshot is refresh.c */
#include "index.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exclude.h"
#include "index_internal.h"
#include "manifest.h"
#include "roots.h"
#include "snapbuild.h"
#include "snapshot.h"
#include "walk.h"

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

int want_file(const char *name)
{
	return manifest_kind(name) != MANIFEST_NONE;
}

void read_manifests(struct collect *c, int fd, const char *files, size_t nfiles, struct row *r)
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

struct row *new_row(struct collect *c, const char *rel, size_t len)
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

int collect_dir(const struct walk_dir *d, void *arg)
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

void collect_release(struct collect *c)
{
	free(c->v);
	buf_release(&c->arena);
	buf_release(&c->file);
	buf_release(&c->name);
	buf_release(&c->abs);
}

void add_refs(struct snap_item **v, size_t *n, const struct collect *c)
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

uint32_t global_ignores(int rootfd, int64_t *newest)
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

int write_snapshot(const char *root, struct snap_item *refs, size_t n, int sorted, int64_t now,
                   uint32_t hflags, void (*done)(void *), void *arg)
{
	struct snap_builder b;
	int ret, threads;

	if (!sorted)
		qsort(refs, n, sizeof(*refs), cmp_ref);
	snap_builder_init(&b);
	b.exclude = snapshot_exclude_hash(getenv("MCD_EXCLUDE"));
	/* a thread is worth it for some thousands of folders */
	threads = walk_default_threads();
	if ((size_t)threads > n / 8192 + 1)
		threads = (int)(n / 8192 + 1);
	ret = snap_builder_add_all(&b, refs, n, threads);
	if (done)
		done(arg);
	if (ret < 0)
		ret = error("cannot index '%s': too many folders or a path with a NUL",
		            quote_for_humans(root));
	else
		ret = snap_builder_write(&b, root, NULL, now, hflags);
	snap_builder_release(&b);
	return ret;
}

/* List ROOT in the repo table, with the device and inode that make it
 * one checkout (roots.h), and merge into it the rows of other paths to
 * the same checkout; returns its id or -1. */
static int64_t store_repo(struct db *db, const char *root, int64_t now, size_t ndirs)
{
	sqlite3_stmt *st = db_stmt(db, STMT_REPO_PUT);
	struct stat dir;
	int64_t id;

	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, (int64_t)ndirs);
	if (stat(root, &dir) == 0) {
		sqlite3_bind_int64(st, 4, (int64_t)dir.st_dev);
		sqlite3_bind_int64(st, 5, (int64_t)dir.st_ino);
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(db, "cannot store index");
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (roots_merge_aliases(db, root) < 0)
		return -1;
	return id;
}

/* What the full walk holds until the snapshot has copied it. */
struct walked {
	struct collect *c;
	struct snap_item **refs;
};

static void release_walked(void *arg)
{
	struct walked *w = arg;
	size_t i;

	for (i = 0; i < WALK_MAX_THREADS; i++)
		collect_release(&w->c[i]);
	memset(w->c, 0, WALK_MAX_THREADS * sizeof(*w->c));
	free(*w->refs);
	*w->refs = NULL;
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
		/* the refs point into the arena: the rows are done with */
		free(c[i].v);
		c[i].v = NULL;
		c[i].cap = 0;
		buf_release(&c[i].file);
		buf_release(&c[i].name);
		buf_release(&c[i].abs);
	}
	sort_refs(refs, n, run, WALK_MAX_THREADS);
	if (write_snapshot(root, refs, n, 1, now, hflags, release_walked,
	                   &(struct walked){c, &refs}) < 0)
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

int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct snapshot s;
	struct index_stats st;
	int r = snapshot_open(&s, root, NULL);

	if (r < 0)
		return -1;
	if (r == 0)
		return index_full(db, root, now, stats);
	r = index_refresh(&s, root, now, &st);
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
