/* index.c - walk a repository and store its directories */
#include "index.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "rank.h"
#include "walk.h"

/* One row per directory, all strings in one arena. */
struct row {
	size_t rel, len;
	size_t name, namelen; /* declared name in the arena, namelen 0: none */
	int64_t mtime;
	uint32_t flags;
};

struct collect {
	struct row *v;
	size_t n, cap;
	struct buf arena;
	struct buf file, name; /* scratch: a manifest's contents, its name */
};

static int want_file(const char *name)
{
	return manifest_kind(name) != MANIFEST_NONE;
}

/* Read the manifests among D's files: D is a project, and the first
 * declared name found (in manifest_kind order) is its name. */
static void read_manifests(struct collect *c, const struct walk_dir *d, struct row *r)
{
	enum manifest_kind best = MANIFEST_NONE;
	const char *f = d->files;
	size_t i;

	for (i = 0; i < d->nfiles; i++, f += strlen(f) + 1) {
		enum manifest_kind k = manifest_kind(f);
		if (k == MANIFEST_NONE)
			continue;
		r->flags |= CAND_PROJECT;
		if (best != MANIFEST_NONE && best <= k)
			continue;
		if (manifest_needs_contents(k)) {
			if (read_file_at(d->fd, f, MANIFEST_MAX_SIZE, &c->file) < 0)
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

static int collect_dir(const struct walk_dir *d, void *arg)
{
	struct collect *c = arg;
	struct row *r;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4096;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	r = &c->v[c->n++];
	r->rel = c->arena.len;
	r->len = d->len;
	r->mtime = d->mtime;
	r->flags = 0;
	r->namelen = 0;
	buf_add(&c->arena, d->rel, d->len);
	if (d->nfiles)
		read_manifests(c, d, r);
	return 0;
}

static int64_t store(struct db *db, const char *root, int64_t now, const struct collect *c)
{
	sqlite3_stmt *st;
	int64_t id = -1;
	size_t i;

	if (db_begin(db) < 0)
		return -1;
	st = db_stmt(db, STMT_REPO_PUT);
	if (!st)
		goto fail;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, (int64_t)c->n);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(db, "cannot store index");
		goto fail;
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	st = db_stmt(db, STMT_DIR_CLEAR);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_error(db, "cannot store index");
		goto fail;
	}
	st = db_stmt(db, STMT_DIR_INSERT);
	if (!st)
		goto fail;
	for (i = 0; i < c->n; i++) {
		const struct row *r = &c->v[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_blob(st, 2, c->arena.data + r->rel, (int)r->len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, r->mtime);
		sqlite3_bind_int(st, 4, (int)r->flags);
		if (r->namelen)
			sqlite3_bind_blob(st, 5, c->arena.data + r->name, (int)r->namelen, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_error(db, "cannot store index");
			goto fail;
		}
	}
	sqlite3_reset(st);
	if (db_commit(db) < 0)
		goto fail;
	return id;
fail:
	db_rollback(db);
	return -1;
}

int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats)
{
	struct collect c;
	struct walk_stats ws;
	int64_t id = -1;

	memset(&c, 0, sizeof(c));
	/* walk outside the transaction: writers wait only for the insert */
	if (walk_tree(root, collect_dir, want_file, &c, &ws) < 0)
		goto out;
	if (c.arena.data == NULL)
		buf_grow(&c.arena, 1);
	id = store(db, root, now, &c);
	if (stats) {
		stats->dirs = ws.dirs;
		stats->ignored = ws.ignored;
		stats->errors = ws.errors;
	}
out:
	free(c.v);
	buf_release(&c.arena);
	buf_release(&c.file);
	buf_release(&c.name);
	return id;
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
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (indexed_at)
			*indexed_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read index");
	return id;
}
