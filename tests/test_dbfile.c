/* test_dbfile.c - locating the data folder and opening its database, with
 * its ownership checks and a newer mcd's file left alone (src/dbfile.c) */
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "dbutil.h"
#include "util.h"

/* db_open_default(DB) with what it says on stderr captured into SAID. */
static int open_default_saying(struct db *db, struct buf *said)
{
	char tmpl[] = "/tmp/mcd-test-db-stderr.XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2), rc;

	assert_return_code(fd, errno);
	assert_return_code(saved, errno);
	assert_return_code(dup2(fd, 2), errno);
	close(fd);
	error_set_quiet(0);
	rc = db_open_default(db);
	error_set_quiet(1);
	assert_return_code(dup2(saved, 2), errno);
	close(saved);
	slurp(tmpl, said);
	unlink(tmpl);
	return rc;
}

/* A newer mcd's history, met by an older binary still in PATH: refused with
 * a message, never moved aside (that would hide it at every cd). */
static void should_leave_a_newer_history_in_place(void **state)
{
	struct fixture *f = *state;
	const char *file = in_dir(state, "mcd.db");
	struct buf before = BUF_INIT, after = BUF_INIT, said = BUF_INIT;
	struct db db;
	DIR *d;
	struct dirent *e;
	int others = 0;

	setenv("MCD_DATA_DIR", f->dir, 1);
	make_foreign_file(file, MCD_APPLICATION_ID, db_schema_version() + 1);
	slurp(file, &before);
	assert_int_equal(open_default_saying(&db, &said), -1);
	/* one line that says why */
	assert_int_equal(strncmp(said.data, "mcd: ", 5), 0);
	assert_non_null(strstr(said.data, "newer"));
	assert_ptr_equal(strchr(said.data, '\n'), said.data + said.len - 1);
	slurp(file, &after);
	assert_true(before.len == after.len && !memcmp(before.data, after.data, before.len));
	assert_non_null(d = opendir(f->dir));
	while ((e = readdir(d)))
		others += strncmp(e->d_name, "mcd.db.corrupt", 14) == 0;
	closedir(d);
	assert_int_equal(others, 0);
	buf_release(&before);
	buf_release(&after);
	buf_release(&said);
}

static void assert_data_dir(const char *want)
{
	struct buf out = BUF_INIT;

	assert_int_equal(db_data_dir(&out), 0);
	assert_string_equal(out.data, want);
	buf_release(&out);
}

static void should_prefer_mcd_data_dir(void **state)
{
	setenv("MCD_DATA_DIR", "/data/mcd-here", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/data/mcd-here");
	setenv("MCD_DATA_DIR", "/data/trailing//", 1);
	assert_data_dir("/data/trailing");
}

static void should_use_xdg_data_home_without_mcd_data_dir(void **state)
{
	unsetenv("MCD_DATA_DIR");
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/xdg/mcd");
	/* empty counts as unset, as tests/run and many dotfiles leave them */
	setenv("MCD_DATA_DIR", "", 1);
	assert_data_dir("/xdg/mcd");
}

static void should_ignore_relative_xdg_data_home(void **state)
{
	unsetenv("MCD_DATA_DIR");
	setenv("XDG_DATA_HOME", "relative/share", 1);
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/home/u/.local/share/mcd");
}

static void should_fall_back_to_home_local_share(void **state)
{
	unsetenv("MCD_DATA_DIR");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	assert_data_dir("/home/u/.local/share/mcd");
	setenv("XDG_DATA_HOME", "", 1);
	assert_data_dir("/home/u/.local/share/mcd");
}

static void should_refuse_relative_mcd_data_dir(void **state)
{
	struct buf out = BUF_INIT;

	setenv("MCD_DATA_DIR", "data/mcd", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(db_data_dir(&out), -1);
	buf_release(&out);
}

static void should_refuse_without_any_data_folder(void **state)
{
	struct buf out = BUF_INIT;

	unsetenv("MCD_DATA_DIR");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(db_data_dir(&out), -1);
	buf_release(&out);
}

static void assert_mode(const char *path, mode_t want)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, want);
}

static void should_create_private_data_folder_and_file(void **state)
{
	const char *parent = in_dir(state, "share"), *dir = in_dir(state, "share/mcd"),
	           *file = in_dir(state, "share/mcd/mcd.db");
	mode_t old = umask(077); /* as main() does */
	struct db db;
	int rc;

	setenv("MCD_DATA_DIR", dir, 1);
	rc = db_open_default(&db);
	umask(old);
	assert_int_equal(rc, 0);
	assert_string_equal(db.path, file);
	assert_current_schema(db.conn);
	db_close(&db);
	assert_mode(parent, 0700);
	assert_mode(dir, 0700);
	assert_mode(file, 0600);
}

static void should_open_default_in_existing_folder(void **state)
{
	struct fixture *f = *state;
	const char *file = in_dir(state, "mcd.db");
	struct db db;

	setenv("MCD_DATA_DIR", f->dir, 1);
	assert_int_equal(db_open_default(&db), 0);
	assert_string_equal(db.path, file);
	db_close(&db);
	assert_true(exists(file));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_leave_a_newer_history_in_place),
	    T(should_prefer_mcd_data_dir),
	    T(should_use_xdg_data_home_without_mcd_data_dir),
	    T(should_ignore_relative_xdg_data_home),
	    T(should_fall_back_to_home_local_share),
	    T(should_refuse_relative_mcd_data_dir),
	    T(should_refuse_without_any_data_folder),
	    T(should_create_private_data_folder_and_file),
	    T(should_open_default_in_existing_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
