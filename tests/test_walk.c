/* test_walk.c - which directories walk.c hands over, and how */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"
#include "walk.h"
#include "walkutil.h"

#define DEEP 300      /* levels of the deep tree */
#define LOW_NOFILE 32 /* descriptors left to the walk in the low-limit test */

static void should_report_every_directory_once_root_first(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {
	    "",          "apps",        "apps/web",      "apps/web/src", "apps/api", "libs",
	    "libs/core", "libs/core/a", "libs/core/a/b", "empty",        ".hidden",  NULL};

	mkdirs(f, "apps/web/src");
	mkdirs(f, "apps/api");
	mkdirs(f, "libs/core/a/b");
	mkdirs(f, "empty");
	mkdirs(f, ".hidden");
	write_file(f, "apps/web/index.js", "");
	write_file(f, "README", "");
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.ignored, 0);
	assert_int_equal(log.stats.errors, 0);
	log_release(&log);
}

static void should_report_a_parent_before_its_children(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	size_t i, j;

	mkdirs(f, "a/b/c");
	mkdirs(f, "a/d");
	mkdirs(f, "e/f");
	walk(f, &log);
	assert_int_equal(log.n, 7);
	for (i = 0; i < log.n; i++) {
		/* the parent of each directory came before it */
		char *parent = xstrdup(log.rel[i]);
		char *slash = strrchr(parent, '/');
		int found = 0;
		if (!log.len[i]) {
			free(parent);
			continue;
		}
		if (slash)
			*slash = '\0';
		else
			parent[0] = '\0';
		for (j = 0; j < i; j++)
			found |= strcmp(log.rel[j], parent) == 0;
		assert_true(found);
		free(parent);
	}
	log_release(&log);
}

static void should_skip_directories_ignored_by_the_root_gitignore(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "a/dist", "a/keep", "src", NULL};

	mkdirs(f, ".git/info");
	mkdirs(f, "build/sub");
	mkdirs(f, "a/build");
	mkdirs(f, "dist/x");
	mkdirs(f, "a/dist");
	mkdirs(f, "x.tmp");
	mkdirs(f, "a/keep");
	mkdirs(f, "src");
	write_file(f, ".gitignore", "# build output\nbuild\n/dist\n*.tmp\n\n");
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.ignored, 4); /* build, a/build, dist, x.tmp */
	log_release(&log);
}

static void should_apply_a_nested_gitignore_only_below_its_folder(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"",    "gen", "x",     "x/y",     "c", "c/gen", "a",
	                                   "a/b", "a/x", "a/b/x", "a/b/x/y", "z", "z/gen", NULL};

	mkdirs(f, "gen");
	mkdirs(f, "x/y");
	mkdirs(f, "c/gen");
	mkdirs(f, "a/gen/deep");
	mkdirs(f, "a/b/gen");
	mkdirs(f, "a/x/y");
	mkdirs(f, "a/b/x/y");
	mkdirs(f, "z/gen"); /* a sibling walked after a/ must not inherit a/'s rules */
	write_file(f, "a/.gitignore", "gen\nx/y\n");
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.ignored, 3); /* a/gen, a/b/gen, a/x/y */
	log_release(&log);
}

static void should_let_a_deeper_gitignore_override_its_parents(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "a/vendor", "a/vendor/lib", "b", NULL};

	mkdirs(f, "vendor");
	mkdirs(f, "a/vendor/lib");
	mkdirs(f, "b/vendor");
	write_file(f, ".gitignore", "vendor/\n");
	write_file(f, "a/.gitignore", "!vendor/\n");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_skip_directories_in_git_info_exclude(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "public", NULL};

	mkdirs(f, ".git/info");
	mkdirs(f, "secret");
	mkdirs(f, "a/secret");
	mkdirs(f, "public");
	write_file(f, ".git/info/exclude",
	           "# git ls-files --others --exclude-from=.git/info/exclude\nsecret\n");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_honour_directory_only_and_anchored_patterns(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "a/out", "a/docs", "a/docs/tmp", "docs", NULL};

	mkdirs(f, "cache");
	mkdirs(f, "a/cache");
	mkdirs(f, "out");
	mkdirs(f, "a/out");
	mkdirs(f, "docs/tmp");
	mkdirs(f, "a/docs/tmp");
	write_file(f, ".gitignore", "cache/\n/out/\ndocs/tmp/\n");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_reinclude_a_directory_negated_by_a_later_pattern(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "gen-keep", "gen-keep/sub", "other", NULL};

	mkdirs(f, "gen-a");
	mkdirs(f, "gen-b");
	mkdirs(f, "gen-keep/sub");
	mkdirs(f, "other");
	mkdirs(f, "out/keep"); /* git cannot re-include below an excluded folder */
	write_file(f, ".gitignore", "gen*/\n!gen-keep/\nout/\n!out/keep/\n");
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.ignored, 3);
	log_release(&log);
}

static void should_honour_the_global_excludes_file(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "app", "tmp", NULL};

	mkdir(fx(f, "config"), 0755);
	mkdir(fx(f, "config/git"), 0755);
	{
		FILE *fp = fopen(fx(f, "config/git/ignore"), "w");
		assert_non_null(fp);
		fputs("node_modules/\n.idea\ntmp/\n", fp);
		fclose(fp);
	}
	mkdirs(f, "node_modules/x");
	mkdirs(f, "app/node_modules");
	mkdirs(f, ".idea");
	mkdirs(f, "tmp");
	/* the repository's own rules take precedence over the global ones */
	write_file(f, ".gitignore", "!tmp/\n");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_find_global_excludes_under_home_without_xdg(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "app", NULL};

	unsetenv("XDG_CONFIG_HOME");
	mkdir(fx(f, ".config"), 0755);
	mkdir(fx(f, ".config/git"), 0755);
	{
		FILE *fp = fopen(fx(f, ".config/git/ignore"), "w");
		assert_non_null(fp);
		fputs("node_modules\n", fp);
		fclose(fp);
	}
	mkdirs(f, "app/node_modules");
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

/* Run FN in a child process; returns its exit status (77: skipped). */
static int in_child(int (*fn)(struct fixture *), struct fixture *f)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_return_code(pid, errno);
	if (pid == 0)
		_exit(fn(f));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int walk_unreadable_as_nobody(struct fixture *f)
{
	struct walk_log log = {0};
	int ok;

	/* root reads everything: become nobody so chmod 000 means something */
	if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
		return 77;
	if (walk_serial(f->repo, record, NULL, &log, &log.stats) < 0)
		ok = 0;
	else
		ok = log.stats.errors == 1 && log.n == 4 && times_reported(&log, "") == 1 &&
		     times_reported(&log, "open") == 1 && times_reported(&log, "open/child") == 1 &&
		     times_reported(&log, "after") == 1 && times_reported(&log, "locked") == 0 &&
		     times_reported(&log, "locked/inner") == 0;
	log_release(&log);
	return ok ? 0 : 1;
}

static void should_count_an_unreadable_directory_and_go_on(void **state)
{
	struct fixture *f = *state;
	int rc;

	mkdirs(f, "open/child");
	mkdirs(f, "locked/inner");
	mkdirs(f, "after");
	assert_return_code(chmod(f->dir, 0755), errno);
	assert_return_code(chmod(fx(f, "repo/locked"), 0), errno);
	rc = in_child(walk_unreadable_as_nobody, f);
	if (rc == 77)
		skip();
	assert_int_equal(rc, 0);
}

static void should_count_a_directory_that_vanishes_mid_walk(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "stays", NULL};

	mkdirs(f, "stays");
	mkdirs(f, "goes");
	log.rmdir = "goes"; /* removed while the root is being handed over */
	walk(f, &log);
	assert_walked(&log, want);
	assert_int_equal(log.stats.errors, 1);
	log_release(&log);
}

static void should_report_odd_names_byte_exact(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	char long_name[256], nested[600];
	const char *want[] = {"",
	                      "with space",
	                      "with space/ trailing ",
	                      "new\nline",
	                      "-rf",
	                      "--",
	                      "tab\there",
	                      "bad \xff\xfe utf8",
	                      "\xc3\xa9t\xc3\xa9",
	                      "back\\slash",
	                      "glob*[?]",
	                      long_name,
	                      nested,
	                      NULL};
	size_t i;

	memset(long_name, 'n', 255);
	long_name[0] = 'L';
	long_name[255] = '\0';
	snprintf(nested, sizeof(nested), "%s/%s", long_name, long_name);
	for (i = 1; want[i]; i++)
		mkdirs(f, want[i]);
	walk(f, &log);
	assert_walked(&log, want);
	for (i = 0; i < log.n; i++)
		if (!strcmp(log.rel[i], nested))
			assert_int_equal(log.len[i], 511);
	log_release(&log);
}

/* mkdir "d/d/d/..." DEEP levels below the repository, relative to each
 * level so the path length never matters. Level DEEP_IGNORE_AT has a
 * .gitignore for "x", and level DEEP_X an "x" folder it must keep out. */
#define DEEP_IGNORE_AT 20
#define DEEP_X 200
static void make_deep(struct fixture *f)
{
	int fd = open(f->repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC), i;

	assert_return_code(fd, errno);
	for (i = 0; i < DEEP; i++) {
		int next;
		if (i == DEEP_IGNORE_AT) {
			int ig = openat(fd, ".gitignore", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			assert_return_code(ig, errno);
			assert_int_equal(write(ig, "x/\n", 3), 3);
			close(ig);
		}
		if (i == DEEP_X)
			assert_return_code(mkdirat(fd, "x", 0755), errno);
		assert_return_code(mkdirat(fd, "d", 0755), errno);
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_return_code(next, errno);
		close(fd);
		fd = next;
	}
	close(fd);
}

/* Every level of the deep tree reported once, at its depth, as "d/d/...". */
static int deep_walked(const struct walk_log *log)
{
	size_t i;

	if (log->n != DEEP + 1 || log->stats.errors || log->stats.ignored != 1)
		return 0;
	for (i = 0; i <= DEEP; i++) {
		size_t k;
		if (log->depth[i] != (int)i || log->len[i] != (i ? 2 * i - 1 : 0))
			return 0;
		for (k = 0; k < log->len[i]; k++)
			if (log->rel[i][k] != (k % 2 ? '/' : 'd'))
				return 0;
	}
	return 1;
}

static void should_walk_a_deep_tree(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};

	make_deep(f);
	walk(f, &log);
	assert_true(deep_walked(&log));
	log_release(&log);
}

static int walk_deep_with_few_descriptors(struct fixture *f)
{
	struct walk_log log = {0};
	struct rlimit rl;
	int ok;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 3;
	rl.rlim_cur = LOW_NOFILE;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 3;
	ok = walk_serial(f->repo, record, NULL, &log, &log.stats) == 0 && deep_walked(&log);
	log_release(&log);
	return ok ? 0 : 1;
}

static void should_walk_a_deep_tree_with_few_descriptors(void **state)
{
	struct fixture *f = *state;

	/* the walk reopens deep directories from the root, and the rules of
	   the .gitignore far above still apply there */
	make_deep(f);
	assert_int_equal(in_child(walk_deep_with_few_descriptors, f), 0);
}

/* The deep tree's paths stay short; this one's are longer than PATH_MAX
 * (100 levels of 50-byte names), which only relative I/O can walk. */
static void should_walk_a_tree_longer_than_path_max(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	char name[51];
	int fd = open(f->repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC), i, ret;
	size_t n, errors, last;

	memset(name, 'n', 50);
	name[50] = '\0';
	assert_return_code(fd, errno);
	for (i = 0; i < 100; i++) {
		int next;
		assert_return_code(mkdirat(fd, name, 0755), errno);
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_return_code(next, errno);
		close(fd);
		fd = next;
	}
	close(fd);
	log.root = NULL; /* the check in record() needs paths shorter than PATH_MAX */
	ret = walk_serial(f->repo, record, NULL, &log, &log.stats);
	n = log.n;
	errors = log.stats.errors;
	last = n ? log.len[n - 1] : 0;
	log_release(&log);
	assert_int_equal(ret, 0);
	assert_int_equal(errors, 0);
	assert_int_equal(n, 101);
	assert_int_equal(last, 100 * 51 - 1);
}

static void should_report_each_directory_mtime(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	struct timespec ts[2] = {{1000000000, 0}, {1234567890, 0}};
	size_t i;

	mkdirs(f, "a/b");
	assert_return_code(utimensat(AT_FDCWD, fx(f, "repo/a/b"), ts, 0), errno);
	ts[1].tv_sec = 1500000000;
	assert_return_code(utimensat(AT_FDCWD, fx(f, "repo/a"), ts, 0), errno);
	walk(f, &log);
	assert_int_equal(log.n, 3);
	for (i = 0; i < log.n; i++) {
		if (!strcmp(log.rel[i], "a"))
			assert_int_equal(log.mtime[i], 1500000000);
		else if (!strcmp(log.rel[i], "a/b"))
			assert_int_equal(log.mtime[i], 1234567890);
	}
	log_release(&log);
}

static void should_skip_children_when_the_callback_returns_1(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	static const char *const want[] = {"", "a", "c", "c/d", NULL};

	mkdirs(f, "a/b/deep");
	mkdirs(f, "c/d");
	write_file(f, "a/.gitignore", "d\n"); /* must not leak onto c/d */
	log.skip = "a";
	walk(f, &log);
	assert_walked(&log, want);
	log_release(&log);
}

static void should_abort_when_the_callback_returns_minus_1(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};

	mkdirs(f, "a/b/c");
	mkdirs(f, "a/b/d");
	mkdirs(f, "e");
	log.abort = "a/b";
	assert_int_equal(walk_want(f, &log, NULL), -1);
	/* nothing after the abort */
	assert_true(log.n >= 3);
	assert_string_equal(log.rel[log.n - 1], "a/b");
	assert_int_equal(times_reported(&log, "a/b/c"), 0);
	assert_int_equal(times_reported(&log, "a/b/d"), 0);
	log_release(&log);
}

static void should_fail_on_a_missing_root(void **state)
{
	struct fixture *f = *state;
	struct walk_log log = {0};
	char *missing = path_join(f->dir, "nope");
	int ret;

	error_set_quiet(1);
	ret = walk_serial(missing, record, NULL, &log, &log.stats);
	error_set_quiet(0);
	assert_int_equal(ret, -1);
	assert_int_equal(log.n, 0);
	free(missing);
	log_release(&log);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_report_every_directory_once_root_first),
	    T(should_report_a_parent_before_its_children),
	    T(should_skip_directories_ignored_by_the_root_gitignore),
	    T(should_apply_a_nested_gitignore_only_below_its_folder),
	    T(should_let_a_deeper_gitignore_override_its_parents),
	    T(should_skip_directories_in_git_info_exclude),
	    T(should_honour_directory_only_and_anchored_patterns),
	    T(should_reinclude_a_directory_negated_by_a_later_pattern),
	    T(should_honour_the_global_excludes_file),
	    T(should_find_global_excludes_under_home_without_xdg),
	    T(should_count_an_unreadable_directory_and_go_on),
	    T(should_count_a_directory_that_vanishes_mid_walk),
	    T(should_report_odd_names_byte_exact),
	    T(should_walk_a_deep_tree),
	    T(should_walk_a_deep_tree_with_few_descriptors),
	    T(should_walk_a_tree_longer_than_path_max),
	    T(should_report_each_directory_mtime),
	    T(should_skip_children_when_the_callback_returns_1),
	    T(should_abort_when_the_callback_returns_minus_1),
	    T(should_fail_on_a_missing_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
