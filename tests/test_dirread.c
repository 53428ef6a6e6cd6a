/* test_dirread.c - what reading one folder yields: which entries are
 * folders to walk (not .git, .hg, .jj, never a symlink) and which files
 * are handed over (src/dirread.c) */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "walk.h"
#include "walkutil.h"

#define HANG_SECONDS 20 /* a walk that takes this long is caught in a loop */

static void should_skip_vcs_folders(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "src", "sub", "sub/x", ".github", ".gitlab", NULL};

	mkdirs(f, ".git/objects/ab");
	mkdirs(f, ".git/refs/heads");
	mkdirs(f, ".hg/store");
	mkdirs(f, ".jj/repo");
	mkdirs(f, "src");
	mkdirs(f, "sub/.git/info");
	mkdirs(f, "sub/x");
	mkdirs(f, ".github");
	mkdirs(f, ".gitlab");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_not_follow_symlinks_to_directories(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "real", "real/inside", NULL};
	char *target;

	mkdirs(f, "real/inside");
	mkdir(fx(f, "outside"), 0755);
	mkdir(fx(f, "outside/secret"), 0755);
	assert_return_code(symlink("real", fx(f, "repo/link")), errno);
	target = xstrdup(fx(f, "outside"));
	assert_return_code(symlink(target, fx(f, "repo/out")), errno);
	free(target);
	assert_return_code(symlink("/", fx(f, "repo/slash")), errno);
	assert_return_code(symlink("dangling", fx(f, "repo/broken")), errno);
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.errors, 0);
	log_release(&log);
}

static void should_not_hang_on_symlink_loops(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "a/b", NULL};

	mkdirs(f, "a/b");
	assert_return_code(symlink("..", fx(f, "repo/a/b/up")), errno);
	assert_return_code(symlink(".", fx(f, "repo/a/self")), errno);
	assert_return_code(symlink("loop", fx(f, "repo/loop")), errno);
	assert_return_code(symlink(f->repo, fx(f, "repo/a/b/root")), errno);
	alarm(HANG_SECONDS); /* SIGALRM ends the test binary: a hang is a failure */
	walk(f, &log);
	alarm(0);
	assert_walked(&log, want);
	log_release(&log);
}

static int want_manifest(const char *name)
{
	return !strcmp(name, "package.json") || !strcmp(name, "go.mod") ||
	       !strcmp(name, "Cargo.toml");
}

static const char *files_of(const struct walk_log *log, const char *rel)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		if (!strcmp(log->rel[i], rel))
			return log->files[i];
	fail_msg("'%s' not reported", rel);
	return NULL;
}

static void should_hand_over_the_files_asked_for(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};

	mkdirs(f, "web");
	mkdirs(f, "svc");
	mkdirs(f, "docs");
	mkdirs(f, "odd/package.json"); /* a directory, not a manifest */
	write_file(f, "package.json", "{}");
	write_file(f, "README.md", "");
	write_file(f, "web/package.json", "{}");
	write_file(f, "web/index.js", "");
	write_file(f, "svc/go.mod", "module x\n");
	write_file(f, "svc/Cargo.toml", "");
	write_file(f, "svc/main.go", "");
	write_file(f, "docs/go.sum", "");
	assert_return_code(symlink("../web/package.json", fx(f, "repo/docs/package.json")), errno);
	assert_int_equal(walk_want(f, &log, want_manifest), 0);
	assert_int_equal(log.n, 6);
	assert_string_equal(files_of(&log, ""), "package.json");
	assert_string_equal(files_of(&log, "web"), "package.json");
	assert_string_equal(files_of(&log, "svc"), "Cargo.toml|go.mod");
	assert_string_equal(files_of(&log, "docs"), "");
	assert_string_equal(files_of(&log, "odd"), "");
	assert_string_equal(files_of(&log, "odd/package.json"), "");
	log_release(&log);
}

static void should_hand_over_no_files_when_none_are_wanted(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};

	write_file(f, "package.json", "{}");
	walk(f, &log);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.files[0], "");
	log_release(&log);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_skip_vcs_folders),
	    T(should_not_follow_symlinks_to_directories),
	    T(should_not_hang_on_symlink_loops),
	    T(should_hand_over_the_files_asked_for),
	    T(should_hand_over_no_files_when_none_are_wanted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
