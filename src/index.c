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
			r->namelen = (uint16_t)c->name.len;
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
	r->len = (uint32_t)len;
	r->flags = 0;
	r->name = 0;
	r->namelen = 0;
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

/* The folders of a full walk, in snapshot order, without an array of
 * items beside the walkers' rows: ORDER holds a number per folder, the
 * row of walker W numbered from FIRST[W]. */
struct walked {
	const struct collect *c;
	uint32_t *order;
	uint32_t first[WALK_MAX_THREADS + 1];
};

static void walked_row(const struct walked *w, uint32_t id, struct snap_item *it)
{
	size_t k = 0;
	const struct row *r;

	while (id >= w->first[k + 1])
		k++;
	r = &w->c[k].v[id - w->first[k]];
	*it = (struct snap_item){w->c[k].arena.data + r->rel, w->c[k].arena.data + r->name, r->len,
	                         r->namelen, r->flags};
}

static void walked_get(const void *ctx, size_t i, struct snap_item *it)
{
	const struct walked *w = ctx;
	walked_row(w, w->order[i], it);
}

/* Compare the rows numbered *A and *B of one walker, C. */
static int cmp_row(const void *a, const void *b, void *arg)
{
	const struct collect *c = arg;
	const struct row *x = &c->v[*(const uint32_t *)a], *y = &c->v[*(const uint32_t *)b];
	return snapshot_cmp(c->arena.data + x->rel, x->len, c->arena.data + y->rel, y->len);
}

/* One walker's rows to sort, on a thread of its own. */
struct sort_job {
	uint32_t *v;
	size_t n;
	const struct collect *c;
	uint32_t first;
};

static void *sort_run(void *arg)
{
	struct sort_job *j = arg;
	size_t i;

	for (i = 0; i < j->n; i++)
		j->v[i] = (uint32_t)i;
	qsort_r(j->v, j->n, sizeof(*j->v), cmp_row, (void *)j->c);
	for (i = 0; i < j->n; i++)
		j->v[i] += j->first;
	return NULL;
}

/* W's order: each walker's rows sorted on a thread of its own (a million
 * folders took half a second on one core after the walk), then the sorted
 * runs merged one into the next. */
static void sort_walked(struct walked *w)
{
	struct sort_job job[WALK_MAX_THREADS];
	uint32_t *tmp, n = w->first[WALK_MAX_THREADS];
	size_t k, off;
	int njobs = 0;

	for (k = 0; k < WALK_MAX_THREADS; k++)
		if (w->c[k].n)
			job[njobs++] = (struct sort_job){w->order + w->first[k], w->c[k].n,
			                                 &w->c[k], w->first[k]};
	run_jobs(sort_run, job, sizeof(*job), njobs);
	tmp = xmalloc(((size_t)n + 1) * sizeof(*tmp));
	for (off = w->first[1], k = 1; k < WALK_MAX_THREADS; off = w->first[k + 1], k++) {
		const uint32_t *a = w->order, *b = w->order + off;
		size_t na = off, nb = w->c[k].n, i = 0, j = 0;
		uint32_t *out = tmp;
		struct snap_item x, y;
		if (!nb)
			continue;
		while (i < na && j < nb) {
			walked_row(w, a[i], &x);
			walked_row(w, b[j], &y);
			*out++ = snapshot_cmp(x.rel, x.len, y.rel, y.len) <= 0 ? a[i++] : b[j++];
		}
		while (i < na)
			*out++ = a[i++];
		while (j < nb)
			*out++ = b[j++];
		memcpy(w->order, tmp, (na + nb) * sizeof(*tmp));
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

int write_items(const char *root, const struct snap_items *items, int64_t now, uint32_t hflags)
{
	/* a thread is worth it for some thousands of folders */
	int threads = walk_default_threads(), ret;

	if ((size_t)threads > items->n / 8192 + 1)
		threads = (int)(items->n / 8192 + 1);
	ret = snap_write_items(items, root, NULL, threads, now, hflags,
	                       snapshot_exclude_hash(getenv("MCD_EXCLUDE")));
	if (ret == SNAP_WRITE_BAD)
		ret = error("cannot index '%s': too many folders or a path with a NUL",
		            quote_for_humans(root));
	return ret;
}

int write_snapshot(const char *root, struct snap_item *refs, size_t n, int sorted, int64_t now,
                   uint32_t hflags)
{
	struct snap_items items = snap_items_array(refs, n);

	if (!sorted)
		qsort(refs, n, sizeof(*refs), cmp_ref);
	return write_items(root, &items, now, hflags);
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

/* index_repo() with a full walk. */
static int64_t index_full(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct collect c[WALK_MAX_THREADS];
	struct walk_ctx w = {root, getenv("MCD_EXCLUDE"), c};
	struct walk_opts o = {0, 0, NULL, 0};
	struct walk_stats ws;
	struct walked all = {c, NULL, {0}};
	struct snap_items items = {walked_get, &all, 0};
	size_t n = 0, i;
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
		/* the rows stay, with their arenas: the snapshot is written from them */
		buf_release(&c[i].file);
		buf_release(&c[i].name);
		buf_release(&c[i].abs);
		all.first[i] = (uint32_t)n;
		n += c[i].n;
	}
	if (n >= SNAP_NONE - 1) {
		error("cannot index '%s': too many folders", quote_for_humans(root));
		goto out;
	}
	all.first[WALK_MAX_THREADS] = (uint32_t)n;
	all.order = xmalloc((n + 1) * sizeof(*all.order));
	items.n = n;
	sort_walked(&all);
	if (write_items(root, &items, now, hflags) < 0)
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
	free(all.order);
	return id;
}

int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct snapshot s;
	struct index_stats st;
	int r;

	/* a query's view stands in for reading only */
	if (db_connect(db) < 0 || (r = snapshot_open(&s, root, NULL)) < 0)
		return -1;
	db_fold_on_close(db); /* indexing is slow anyway: the fsyncs are cheap here */
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

/* The id of ROOT's row in the repo table, 0 none, or -1. */
static int64_t repo_id(struct db *db, const char *root)
{
	const struct view *v = db_view(db);
	sqlite3_stmt *st;
	int64_t id = 0;
	long i;
	int rc;

	if (v) {
		struct view_repo r;
		if ((i = view_repo_find(v, root, strlen(root))) < 0)
			return 0;
		view_repo_at(v, (size_t)i, &r);
		return r.id;
	}
	st = db_stmt(db, STMT_REPO_GET);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read index");
	return id;
}

int64_t index_lookup(struct db *db, const char *root, int64_t *indexed_at)
{
	int64_t id = repo_id(db, root);
	int rc;

	if (id < 0)
		return -1;
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
