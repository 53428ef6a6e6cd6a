/* test_index.c - what index.c stores for a repository, in an in-memory database */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "index.h"
#include "manifest.h"
#include "snapshot.h"
#include "util.h"

#define NOW 1700000000 /* "now", injected: no test looks at the clock */

/* Each test gets an in-memory database and a temp folder that is HOME and
 * holds the repositories; the user's global git excludes stay out. */
struct fixture {
	char dir[256], data[300]; /* the data folder is beside DIR */
	struct db db;
	char *old_home, *old_xdg, *old_data;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/mcd-test-index-XXXXXX";
	char xdg[300];

	assert_non_null(mkdtemp(tmpl));
	strcpy(f->dir, tmpl);
	snprintf(xdg, sizeof(xdg), "%s/config", f->dir);
	f->old_home = save_env("HOME");
	f->old_xdg = save_env("XDG_CONFIG_HOME");
	f->old_data = save_env("MCD_DATA_DIR");
	setenv("HOME", f->dir, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	snprintf(f->data, sizeof(f->data), "%s-data", f->dir);
	assert_return_code(mkdir(f->data, 0700), errno);
	setenv("MCD_DATA_DIR", f->data, 1);
	assert_int_equal(db_open(&f->db, ":memory:"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(&f->db);
	restore_env("HOME", f->old_home);
	restore_env("XDG_CONFIG_HOME", f->old_xdg);
	restore_env("MCD_DATA_DIR", f->old_data);
	rm_rf_at(AT_FDCWD, f->dir);
	rm_rf_at(AT_FDCWD, f->data);
	free(f);
	return 0;
}

/* The absolute path of REL in the fixture, as a new string. */
static char *path(struct fixture *f, const char *rel)
{
	return path_join(f->dir, rel);
}

/* mkdir -p REL below the fixture. */
static void mkdirs(struct fixture *f, const char *rel)
{
	char *p = path(f, rel);
	size_t i;

	for (i = strlen(f->dir) + 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) < 0)
			assert_int_equal(errno, EEXIST);
		p[i] = '/';
	}
	if (mkdir(p, 0755) < 0)
		assert_int_equal(errno, EEXIST);
	free(p);
}

static void write_file(struct fixture *f, const char *rel, const char *text)
{
	char *p = path(f, rel);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(p);
}

static int64_t index_at(struct fixture *f, const char *rel, int64_t now, struct index_stats *st)
{
	char *root = path(f, rel);
	int64_t id = index_repo(&f->db, root, now, st);
	free(root);
	return id;
}

static int64_t lookup_at(struct fixture *f, const char *rel, int64_t *indexed_at)
{
	char *root = path(f, rel);
	int64_t id = index_lookup(&f->db, root, indexed_at);
	free(root);
	return id;
}

/* The single integer SQL yields with ?1 bound to ID. */
static int64_t sql_int(struct fixture *f, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(f->db.conn, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The snapshot of the repository REL; fails the test when there is none. */
static void open_snap(struct fixture *f, const char *rel, struct snapshot *s)
{
	char *root = path(f, rel);
	int r = snapshot_open(s, root, NULL);
	free(root);
	assert_int_equal(r, 1);
}

static int64_t rows(struct fixture *f, const char *rel)
{
	struct snapshot s;
	int64_t n;

	open_snap(f, rel, &s);
	n = (int64_t)s.n;
	snapshot_close(&s);
	return n;
}

/* The indexed directories of repository REL, in snapshot order, joined
 * with '|'. Returns a new string the caller frees. */
static char *rels(struct fixture *f, const char *rel)
{
	struct buf out = BUF_INIT;
	struct snapshot s;
	size_t i;

	open_snap(f, rel, &s);
	buf_setlen(&out, 0);
	for (i = 0; i < s.n; i++) {
		if (i)
			buf_addch(&out, '|');
		buf_add(&out, snap_path(&s, &s.v[i]), s.v[i].pathlen);
	}
	snapshot_close(&s);
	return out.data;
}

static void assert_rels(struct fixture *f, const char *rel, const char *want)
{
	char *got = rels(f, rel);
	if (strcmp(got, want)) {
		print_message("stored '%s'\n", quote_for_humans(got));
		free(got);
		fail_msg("want '%s'", quote_for_humans(want));
	}
	free(got);
}

/* A small monorepo at "mono" with a build folder its .gitignore keeps out. */
static void make_mono(struct fixture *f)
{
	mkdirs(f, "mono/.git/objects");
	mkdirs(f, "mono/services/billing/api");
	mkdirs(f, "mono/libs/core");
	mkdirs(f, "mono/build/out");
	write_file(f, "mono/.gitignore", "build/\n");
	write_file(f, "mono/services/billing/package.json", "{\"name\": \"billing\"}\n");
}

static void should_store_every_directory_not_ignored(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	int64_t id;

	make_mono(f);
	id = index_at(f, "mono", NOW, &st);
	assert_true(id > 0);
	assert_int_equal(rows(f, "mono"), 6);
	assert_rels(f, "mono", "|libs|libs/core|services|services/billing|services/billing/api");
	assert_int_equal(st.dirs, 6);
	assert_int_equal(st.ignored, 1);
	assert_int_equal(st.errors, 0);
	assert_int_equal(sql_int(f, "SELECT ndirs FROM repo WHERE id = ?1", id), 6);
}

static void should_look_up_the_id_and_time_of_an_index(void **state)
{
	struct fixture *f = *state;
	int64_t id, at = -1;

	make_mono(f);
	assert_int_equal(lookup_at(f, "mono", &at), 0);
	id = index_at(f, "mono", NOW, NULL);
	assert_true(id > 0);
	assert_int_equal(lookup_at(f, "mono", &at), id);
	assert_int_equal(at, NOW);
	assert_int_equal(lookup_at(f, "mono", NULL), id);
	/* a path below the root or next to it is another repository */
	assert_int_equal(lookup_at(f, "mono/libs", NULL), 0);
	assert_int_equal(lookup_at(f, "mon", NULL), 0);
}

static void should_replace_the_rows_on_reindex(void **state)
{
	struct fixture *f = *state;
	char *gone;
	int64_t id, at;

	make_mono(f);
	id = index_at(f, "mono", NOW, NULL);
	assert_int_equal(rows(f, "mono"), 6);

	gone = path(f, "mono/services/billing/api");
	assert_return_code(rmdir(gone), errno);
	free(gone);
	gone = path(f, "mono/libs/core");
	assert_return_code(rmdir(gone), errno);
	free(gone);
	mkdirs(f, "mono/apps/web/src");

	assert_int_equal(index_at(f, "mono", NOW + 60, NULL), id);
	assert_rels(f, "mono", "|apps|apps/web|apps/web/src|libs|services|services/billing");
	assert_int_equal(rows(f, "mono"), 7);
	assert_int_equal(sql_int(f, "SELECT ndirs FROM repo WHERE id = ?1", id), 7);
	assert_int_equal(lookup_at(f, "mono", &at), id);
	assert_int_equal(at, NOW + 60);
}

static void should_keep_repositories_apart(void **state)
{
	struct fixture *f = *state;
	int64_t one, two;

	mkdirs(f, "one/.git");
	mkdirs(f, "one/a/b");
	mkdirs(f, "two/.hg");
	mkdirs(f, "two/x");
	mkdirs(f, "two/y");
	one = index_at(f, "one", NOW, NULL);
	two = index_at(f, "two", NOW + 1, NULL);
	assert_true(one > 0);
	assert_true(two > 0);
	assert_true(one != two);
	assert_rels(f, "one", "|a|a/b");
	assert_rels(f, "two", "|x|y");

	/* re-indexing one repository leaves the other's rows alone */
	mkdirs(f, "one/c");
	assert_int_equal(index_at(f, "one", NOW + 2, NULL), one);
	assert_rels(f, "one", "|a|a/b|c");
	assert_rels(f, "two", "|x|y");
	assert_int_equal(rows(f, "one") + rows(f, "two"), 7);
}

static void should_keep_the_id_on_reindex(void **state)
{
	struct fixture *f = *state;
	int64_t id, other;

	mkdirs(f, "r/.git");
	mkdirs(f, "s/.git");
	id = index_at(f, "r", NOW, NULL);
	other = index_at(f, "s", NOW, NULL);
	assert_int_equal(index_at(f, "r", NOW + 1, NULL), id);
	assert_int_equal(index_at(f, "r", NOW + 2, NULL), id);
	assert_int_equal(index_at(f, "s", NOW + 3, NULL), other);
	assert_int_equal(lookup_at(f, "r", NULL), id);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM repo WHERE ?1", 1), 2);
}

/* Set the mtime of REL and every folder and file below it to long ago, so a
 * refresh at NOW sees them unchanged. */
static void age_at(int dirfd, const char *name)
{
	struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
	struct dirent *e;
	DIR *d;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	d = fdopendir(fd);
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			age_at(fd, e->d_name);
		else if (e->d_type == DT_REG)
			assert_return_code(utimensat(fd, e->d_name, ts, AT_SYMLINK_NOFOLLOW),
			                   errno);
	}
	assert_return_code(futimens(fd, ts), errno);
	closedir(d);
}

static void age(struct fixture *f, const char *rel)
{
	char *p = path(f, rel);
	age_at(AT_FDCWD, p);
	free(p);
}

/* A refresh that finds nothing changed keeps the snapshot, with its time
 * moved to the refresh's: the index is not stale, and the next refresh
 * looks at no more than it must. */
static void should_move_the_time_of_a_snapshot_found_unchanged(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	struct buf file = BUF_INIT;
	struct stat before, after;
	int64_t at;

	mkdirs(f, "r/.git");
	mkdirs(f, "r/libs/ui");
	age(f, "r");
	assert_true(index_at(f, "r", NOW, &st) > 0);
	{
		char *root = path(f, "r");
		assert_int_equal(snapshot_file(root, &file), 0);
		free(root);
	}
	assert_int_equal(stat(file.data, &before), 0);
	assert_true(index_at(f, "r", NOW + 100, &st) > 0);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 0);
	assert_int_equal(stat(file.data, &after), 0);
	assert_true(before.st_ino == after.st_ino); /* not written again */
	assert_true(lookup_at(f, "r", &at) > 0);
	assert_true(at == NOW + 100);
	buf_release(&file);
}

/* The declared name of REL in the index of repository ROOT ("" for none). */
static char *declared(struct fixture *f, const char *root, const char *rel)
{
	struct snapshot s;
	uint32_t i;
	char *name;

	open_snap(f, root, &s);
	i = snapshot_find(&s, rel, strlen(rel));
	assert_true(i != SNAP_NONE);
	name = xmemdup(snap_name(&s, &s.v[i]), s.v[i].namelen);
	snapshot_close(&s);
	return name;
}

static void should_refresh_only_folders_whose_mtime_changed(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	char *gone;
	int64_t id;

	make_mono(f);
	age(f, "mono");
	id = index_at(f, "mono", NOW, &st);
	assert_int_equal(st.full, 1);

	/* nothing changed: nothing read again */
	assert_int_equal(index_at(f, "mono", NOW + 10, &st), id);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 0);
	assert_int_equal(st.dirs, 6);
	assert_rels(f, "mono", "|libs|libs/core|services|services/billing|services/billing/api");

	/* a new subtree and a removed folder: only their parents are read */
	mkdirs(f, "mono/libs/fresh/deep");
	mkdirs(f, "mono/libs/build");
	gone = path(f, "mono/services/billing/api");
	assert_return_code(rmdir(gone), errno);
	free(gone);
	assert_int_equal(index_at(f, "mono", NOW + 20, &st), id);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 2);  /* libs, services/billing */
	assert_int_equal(st.ignored, 1); /* libs/build: build/ in the root .gitignore */
	assert_rels(f, "mono",
	            "|libs|libs/core|libs/fresh|libs/fresh/deep|services|services/billing");
	assert_int_equal(sql_int(f, "SELECT ndirs FROM repo WHERE id = ?1", id), 7);
}

/* Rename FROM to TO; then, unless LINK is NULL, make FROM a symlink to LINK. */
static void move(struct fixture *f, const char *from, const char *to, const char *link)
{
	char *p = path(f, from), *q = path(f, to);

	assert_return_code(rename(p, q), errno);
	if (link)
		assert_return_code(symlink(link, p), errno);
	free(p);
	free(q);
}

/* Below a folder with many folders under it, a refresh stats from that
 * folder, not from the root: what changes deep below is seen all the
 * same, and the index is the one a full walk makes. */
static void should_refresh_below_big_folders_as_a_full_walk_would(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	char rel[64], *p, *got, *full;
	struct buf framed = BUF_INIT, file = BUF_INIT;
	int i, j, k;
	int64_t id;

	mkdirs(f, "mono/.git");
	/* big: 111 folders below it, other: 74; each p: 36. Nothing changes
	   in other, nor in the root, which would read it again */
	for (i = 0; i < 5; i++)
		for (j = 0; j < 12; j++)
			for (k = 0; k < 2; k++) {
				snprintf(rel, sizeof(rel), "mono/%s/p%d/q%d/r%d",
				         i < 3 ? "big" : "other", i < 3 ? i : i - 3, j, k);
				mkdirs(f, rel);
			}
	age(f, "mono");
	id = index_at(f, "mono", NOW, &st);
	assert_int_equal(st.full, 1);

	mkdirs(f, "mono/big/p1/q5/new/deeper");
	p = path(f, "mono/big/p0/q3/r1");
	assert_return_code(rmdir(p), errno);
	free(p);
	/* a folder turned into a symlink, its old self moved aside; a big
	   folder renamed, another turned into a symlink */
	move(f, "mono/big/p1/q7", "mono/big/p1/moved", "../p0");
	move(f, "mono/big/p0", "mono/big/p9", NULL);
	move(f, "mono/big/p2", "mono/big/p2-moved", "p9");

	assert_int_equal(index_at(f, "mono", NOW + 10, &st), id);
	assert_int_equal(st.full, 0);
	got = rels(f, "mono");
	buf_addf(&framed, "|%s|", got);
	assert_non_null(strstr(framed.data, "|big/p1/q5/new/deeper|"));
	assert_non_null(strstr(framed.data, "|big/p9/q3/r0|"));
	assert_non_null(strstr(framed.data, "|big/p1/moved/r1|"));
	assert_non_null(strstr(framed.data, "|other/p1/q11/r1|"));
	assert_null(strstr(framed.data, "|big/p9/q3/r1|"));
	assert_null(strstr(framed.data, "|big/p0"));
	assert_null(strstr(framed.data, "|big/p1/q7"));
	assert_null(strstr(framed.data, "|big/p2|"));
	assert_null(strstr(framed.data, "|big/p2/"));
	assert_non_null(strstr(framed.data, "|big/p2-moved/q11/r1|"));
	/* without its snapshot, the repository is walked in full */
	p = path(f, "mono");
	assert_int_equal(snapshot_file(p, &file), 0);
	assert_return_code(unlink(file.data), errno);
	free(p);
	assert_int_equal(index_at(f, "mono", NOW + 20, &st), id);
	assert_int_equal(st.full, 1);
	full = rels(f, "mono");
	assert_string_equal(got, full);
	free(got);
	free(full);
	buf_release(&framed);
	buf_release(&file);
}

/* A folder deeper than a path reaches, below a big folder: a refresh
 * cannot read it again by its path, and walks it all again. */
static void should_walk_all_again_below_a_path_too_long(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	char rel[64], name[201], *p, *got;
	struct buf framed = BUF_INIT;
	int i, fd, next;

	mkdirs(f, "mono/.git");
	for (i = 0; i < 40; i++) {
		snprintf(rel, sizeof(rel), "mono/big/q%d", i);
		mkdirs(f, rel);
	}
	/* 21 folders of 200 bytes below big/q0, past PATH_MAX, and 40 in the
	   last: each of them has enough below it to be stat'ed from */
	memset(name, 'd', 200);
	name[200] = '\0';
	p = path(f, "mono/big/q0");
	fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(p);
	assert_return_code(fd, errno);
	for (i = 0; i < 21; i++) {
		assert_return_code(mkdirat(fd, name, 0755), errno);
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_return_code(next, errno);
		close(fd);
		fd = next;
	}
	for (i = 0; i < 40; i++) {
		snprintf(rel, sizeof(rel), "c%d", i);
		assert_return_code(mkdirat(fd, rel, 0755), errno);
	}
	age(f, "mono");
	index_at(f, "mono", NOW, &st);
	assert_int_equal(st.full, 1);
	assert_int_equal(st.dirs, 1 + 1 + 40 + 21 + 40);

	assert_return_code(mkdirat(fd, "fresh", 0755), errno);
	close(fd);
	index_at(f, "mono", NOW + 10, &st);
	assert_int_equal(st.full, 1);
	got = rels(f, "mono");
	buf_addf(&framed, "|%s|", got);
	assert_non_null(strstr(framed.data, "/fresh|"));
	free(got);
	buf_release(&framed);
}

static void should_walk_all_again_when_an_ignore_file_changes(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;

	make_mono(f);
	age(f, "mono");
	index_at(f, "mono", NOW, &st);
	write_file(f, "mono/.gitignore", "build/\nlibs/\n");
	index_at(f, "mono", NOW + 10, &st);
	assert_int_equal(st.full, 1);
	assert_rels(f, "mono", "|services|services/billing|services/billing/api");

	/* a .gitignore that appears deeper down */
	age(f, "mono");
	index_at(f, "mono", NOW + 20, &st);
	assert_int_equal(st.full, 0);
	write_file(f, "mono/services/.gitignore", "api\n");
	index_at(f, "mono", NOW + 30, &st);
	assert_int_equal(st.full, 1);
	assert_rels(f, "mono", "|services|services/billing");
}

static void should_read_a_changed_manifest_again(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	char *name;

	make_mono(f);
	age(f, "mono");
	index_at(f, "mono", NOW, &st);
	name = declared(f, "mono", "services/billing");
	assert_string_equal(name, "billing");
	free(name);

	/* rewritten in place: the folder's mtime stays, the file's does not */
	write_file(f, "mono/services/billing/package.json", "{\"name\": \"@acme/billing\"}\n");
	index_at(f, "mono", NOW + 10, &st);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 1);
	name = declared(f, "mono", "services/billing");
	assert_string_equal(name, "@acme/billing");
	free(name);
}

#define LONG_AGO 1000000000 /* an mtime well before NOW */

/* Set the mtime (and atime) of REL to WHEN. */
static void set_mtime(struct fixture *f, const char *rel, int64_t when)
{
	struct timespec ts[2] = {{(time_t)when, 0}, {(time_t)when, 0}};
	char *p = path(f, rel);

	assert_return_code(utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW), errno);
	free(p);
}

/* Write TEXT over the file REL in place (same inode, as an editor saving in
 * place does): afterwards only the file's own mtime, WHEN, says so; its
 * folder FOLDER is dated long ago. */
static void rewrite_in_place(struct fixture *f, const char *folder, const char *rel,
                             const char *text, int64_t when)
{
	char *p = path(f, rel);
	struct stat before, after;
	int fd;

	assert_return_code(stat(p, &before), errno);
	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	assert_return_code(fd, errno);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_return_code(close(fd), errno);
	assert_return_code(stat(p, &after), errno);
	assert_true(before.st_ino == after.st_ino);
	free(p);
	set_mtime(f, rel, when);
	set_mtime(f, folder, LONG_AGO);
}

/* Every declared name in the index of repository ROOT, each framed by '|'.
 * Returns a new string the caller frees. */
static char *all_names(struct fixture *f, const char *root)
{
	struct buf out = BUF_INIT;
	struct snapshot s;
	size_t i;

	open_snap(f, root, &s);
	buf_addch(&out, '|');
	for (i = 0; i < s.n; i++) {
		if (!s.v[i].namelen)
			continue;
		buf_add(&out, snap_name(&s, &s.v[i]), s.v[i].namelen);
		buf_addch(&out, '|');
	}
	snapshot_close(&s);
	return out.data;
}

/* The index of repository ROOT declares NAME for REL, and nothing declares GONE. */
static void assert_declared(struct fixture *f, const char *root, const char *rel, const char *name,
                            const char *gone)
{
	struct buf framed = BUF_INIT;
	char *got = declared(f, root, rel), *names = all_names(f, root);

	buf_addf(&framed, "|%s|", gone);
	if (strcmp(got, name) || strstr(names, framed.data))
		print_message("'%s' declares '%s'; all names: %s\n", rel, got, names);
	assert_string_equal(got, name);
	assert_null(strstr(names, framed.data));
	free(got);
	free(names);
	buf_release(&framed);
}

/* A manifest of a kind named by its contents: FILE, with OLD_TEXT
 * declaring OLD, then NEW_TEXT declaring NEW. */
struct rewrite {
	const char *file, *old_text, *old, *new_text, *new;
};

/* A manifest FILE declaring a name (its contents OLD_TEXT declare OLD, NEW_TEXT
 * declare NEW) is rewritten in place after the index: the refresh reads it
 * again although its folder's mtime did not change. */
static void assert_refresh_sees_rewritten(void **state, const struct rewrite *r)
{
	const char *file = r->file, *old_text = r->old_text, *old = r->old;
	const char *new_text = r->new_text, *new = r->new;
	struct fixture *f = *state;
	struct index_stats st;
	struct buf rel = BUF_INIT;
	int64_t id;

	mkdirs(f, "r/.git");
	mkdirs(f, "r/libs/p/src");
	buf_addf(&rel, "r/libs/p/%s", file);
	write_file(f, rel.data, old_text);
	age(f, "r");
	id = index_at(f, "r", NOW, &st);
	assert_int_equal(st.full, 1);
	assert_declared(f, "r", "libs/p", old, new);

	rewrite_in_place(f, "r/libs/p", rel.data, new_text, NOW + 5);
	assert_int_equal(index_at(f, "r", NOW + 10, &st), id);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 1);
	assert_declared(f, "r", "libs/p", new, old);
	buf_release(&rel);
}

/* One manifest of each kind named by its contents, declaring a name, then
 * another. Every such kind has a row: see
 * should_rewrite_every_kind_named_by_its_contents. */
static const struct rewrite rewrites[] = {
    {"package.json", "{\"name\": \"alpha\"}\n", "alpha", "{\"name\": \"@acme/beta\"}\n",
     "@acme/beta"},
    {"composer.json", "{\"name\": \"acme/alpha\"}\n", "acme/alpha", "{\"name\": \"acme/beta\"}\n",
     "acme/beta"},
    {"go.mod", "module example.com/alpha\n\ngo 1.21\n", "example.com/alpha",
     "module example.com/beta\n\ngo 1.21\n", "example.com/beta"},
    {"Cargo.toml", "[package]\nname = \"alpha\"\nversion = \"0.1.0\"\n", "alpha",
     "[package]\nname = \"beta\"\nversion = \"0.1.0\"\n", "beta"},
    {"pyproject.toml", "[project]\nname = \"alpha\"\n", "alpha", "[project]\nname = \"beta\"\n",
     "beta"},
    {"pyproject.toml", "[tool.poetry]\nname = \"alpha\"\n", "alpha",
     "[tool.poetry]\nname = \"beta\"\n", "beta"},
    {"pom.xml", "<project><groupId>com.acme</groupId><artifactId>alpha</artifactId></project>\n",
     "alpha", "<project><groupId>com.acme</groupId><artifactId>beta</artifactId></project>\n",
     "beta"},
    {"Chart.yaml", "apiVersion: v2\nname: alpha\n", "alpha", "apiVersion: v2\nname: beta\n",
     "beta"},
    {"pubspec.yaml", "name: alpha\nversion: 1.0.0\n", "alpha", "name: beta\nversion: 1.0.0\n",
     "beta"},
    {"setup.cfg", "[metadata]\nname = alpha\n", "alpha", "[metadata]\nname = beta\n", "beta"},
    {"setup.py", "from setuptools import setup\nsetup(name=\"alpha\")\n", "alpha",
     "from setuptools import setup\nsetup(name=\"beta\")\n", "beta"},
    {"DESCRIPTION", "Package: alpha\nVersion: 1.0\n", "alpha", "Package: beta\nVersion: 1.0\n",
     "beta"},
};

static void should_see_a_package_json_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[0]);
}

static void should_see_a_composer_json_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[1]);
}

static void should_see_a_go_mod_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[2]);
}

static void should_see_a_cargo_toml_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[3]);
}

static void should_see_a_pyproject_project_name_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[4]);
}

static void should_see_a_pyproject_poetry_name_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[5]);
}

static void should_see_a_pom_xml_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[6]);
}

static void should_see_a_chart_yaml_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[7]);
}

static void should_see_a_pubspec_yaml_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[8]);
}

static void should_see_a_setup_cfg_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[9]);
}

static void should_see_a_setup_py_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[10]);
}

static void should_see_an_r_description_rewritten_in_place(void **state)
{
	assert_refresh_sees_rewritten(state, &rewrites[11]);
}

/* The next kind of manifest gets a row above, or this fails. */
static void should_rewrite_every_kind_named_by_its_contents(void **state)
{
	int kind;
	size_t i;

	(void)state;
	for (kind = MANIFEST_NONE + 1; kind < MANIFEST__COUNT; kind++) {
		const char *file = manifest_file_name((enum manifest_kind)kind);
		if (!manifest_needs_contents((enum manifest_kind)kind) || !file)
			continue;
		for (i = 0; i < MCD_ARRAY_SIZE(rewrites); i++)
			if (!strcmp(rewrites[i].file, file))
				break;
		if (i == MCD_ARRAY_SIZE(rewrites))
			fail_msg("no rewrite of a %s in place is tested", file);
	}
}

/* A .csproj is named by its file: renaming it changes its folder's mtime,
 * and the refresh reads the folder again. */
static void should_see_a_renamed_csproj(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	int64_t id;

	mkdirs(f, "r/.git");
	mkdirs(f, "r/src/Billing");
	write_file(f, "r/src/Billing/Alpha.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
	age(f, "r");
	id = index_at(f, "r", NOW, &st);
	assert_declared(f, "r", "src/Billing", "Alpha", "Beta");

	move(f, "r/src/Billing/Alpha.csproj", "r/src/Billing/Beta.csproj", NULL);
	set_mtime(f, "r/src/Billing", NOW + 5); /* what the rename did, without the clock */
	assert_int_equal(index_at(f, "r", NOW + 10, &st), id);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.reread, 1);
	assert_declared(f, "r", "src/Billing", "Beta", "Alpha");
}

static void should_rebuild_a_damaged_snapshot(void **state)
{
	struct fixture *f = *state;
	struct index_stats st;
	struct buf file = BUF_INIT;
	char *root = path(f, "mono");
	int64_t id;
	FILE *fp;

	make_mono(f);
	id = index_at(f, "mono", NOW, &st);
	assert_int_equal(snapshot_file(root, &file), 0);
	assert_return_code(truncate(file.data, 100), errno);
	assert_int_equal(lookup_at(f, "mono", NULL), 0); /* not indexed any more */
	assert_int_equal(index_at(f, "mono", NOW + 1, &st), id);
	assert_int_equal(st.full, 1);
	assert_rels(f, "mono", "|libs|libs/core|services|services/billing|services/billing/api");
	/* garbage of the right size is refused too */
	fp = fopen(file.data, "r+");
	assert_non_null(fp);
	fseek(fp, 200, SEEK_SET);
	fputs("garbage garbage garbage garbage garbage garbage garbage", fp);
	fclose(fp);
	assert_int_equal(index_at(f, "mono", NOW + 2, &st), id);
	assert_int_equal(st.full, 1);
	assert_rels(f, "mono", "|libs|libs/core|services|services/billing|services/billing/api");
	buf_release(&file);
	free(root);
}

static void should_store_paths_as_exact_bytes(void **state)
{
	struct fixture *f = *state;
	int64_t id, at;

	mkdirs(f, "r\xff\n/.git");
	mkdirs(f, "r\xff\n/new\nline");
	mkdirs(f, "r\xff\n/bad\xfe");
	id = index_at(f, "r\xff\n", NOW, NULL);
	assert_true(id > 0);
	assert_rels(f, "r\xff\n", "|bad\xfe|new\nline");
	assert_int_equal(lookup_at(f, "r\xff\n", &at), id);
	assert_int_equal(at, NOW);
}

static void should_keep_the_old_index_when_the_walk_fails(void **state)
{
	struct fixture *f = *state;
	int64_t id, at;
	int ret;

	mkdirs(f, "r/.git");
	mkdirs(f, "r/a");
	id = index_at(f, "r", NOW, NULL);
	rm_rf_at(AT_FDCWD, f->dir);
	assert_return_code(mkdir(f->dir, 0700), errno);
	error_set_quiet(1);
	ret = (int)index_at(f, "r", NOW + 1, NULL);
	error_set_quiet(0);
	assert_int_equal(ret, -1);
	assert_int_equal(lookup_at(f, "r", &at), id);
	assert_int_equal(at, NOW);
	assert_rels(f, "r", "|a");
}

/* An index folds the history's WAL back when its connection closes: every
 * process after it opens the database without replaying visits. */
static void should_leave_the_wal_empty_after_indexing(void **state)
{
	struct fixture *f = *state;
	char *db_path = path_join(f->data, "mcd.db"), *wal = path_join(f->data, "mcd.db-wal");
	struct db db;
	struct stat st;

	mkdirs(f, "acme/.git");
	mkdirs(f, "acme/services/billing");
	assert_int_equal(db_open(&db, db_path), 0);
	assert_int_equal(db_exec(&db, "INSERT INTO visit(path, rank, last) VALUES(X'2f61', 1, 1)"),
	                 0);
	db_close(&db);
	assert_int_equal(stat(wal, &st), 0);
	assert_true(st.st_size > 0);
	assert_int_equal(db_open(&db, db_path), 0);
	{
		char *root = path(f, "acme");
		assert_true(index_repo(&db, root, NOW, NULL) > 0);
		free(root);
	}
	db_close(&db);
	assert_true(stat(wal, &st) < 0 || st.st_size == 0);
	free(db_path);
	free(wal);
}

static void should_not_index_a_missing_root(void **state)
{
	struct fixture *f = *state;
	int64_t ret;

	error_set_quiet(1);
	ret = index_at(f, "nowhere", NOW, NULL);
	error_set_quiet(0);
	assert_int_equal(ret, -1);
	assert_int_equal(lookup_at(f, "nowhere", NULL), 0);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM repo WHERE ?1", 1), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_store_every_directory_not_ignored),
	    T(should_look_up_the_id_and_time_of_an_index),
	    T(should_replace_the_rows_on_reindex),
	    T(should_keep_repositories_apart),
	    T(should_keep_the_id_on_reindex),
	    T(should_refresh_only_folders_whose_mtime_changed),
	    T(should_refresh_below_big_folders_as_a_full_walk_would),
	    T(should_walk_all_again_below_a_path_too_long),
	    T(should_walk_all_again_when_an_ignore_file_changes),
	    T(should_read_a_changed_manifest_again),
	    T(should_see_a_package_json_rewritten_in_place),
	    T(should_rewrite_every_kind_named_by_its_contents),
	    T(should_move_the_time_of_a_snapshot_found_unchanged),
	    T(should_see_a_composer_json_rewritten_in_place),
	    T(should_see_a_go_mod_rewritten_in_place),
	    T(should_see_a_cargo_toml_rewritten_in_place),
	    T(should_see_a_pyproject_project_name_rewritten_in_place),
	    T(should_see_a_pyproject_poetry_name_rewritten_in_place),
	    T(should_see_a_pom_xml_rewritten_in_place),
	    T(should_see_a_chart_yaml_rewritten_in_place),
	    T(should_see_a_pubspec_yaml_rewritten_in_place),
	    T(should_see_a_setup_cfg_rewritten_in_place),
	    T(should_see_a_setup_py_rewritten_in_place),
	    T(should_see_an_r_description_rewritten_in_place),
	    T(should_see_a_renamed_csproj),
	    T(should_rebuild_a_damaged_snapshot),
	    T(should_store_paths_as_exact_bytes),
	    T(should_keep_the_old_index_when_the_walk_fails),
	    T(should_leave_the_wal_empty_after_indexing),
	    T(should_not_index_a_missing_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
