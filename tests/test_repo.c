/* test_repo.c - the working directory and the repository around it (repo.c) */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo.h"
#include "util.h"

/* Each test runs in its own temp folder, named by its physical path (no
 * symlinks in it, so it is what getcwd() reports), and leaves the working
 * directory and $PWD as it found them. */
struct fixture {
	char dir[256];
	char oldcwd[PATH_MAX];
	char *oldpwd;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/mcd-test-repo-XXXXXX";
	const char *pwd = getenv("PWD");

	char *real;

	assert_non_null(mkdtemp(tmpl));
	real = realpath(tmpl, NULL);
	assert_non_null(real);
	assert_true(strlen(real) < sizeof(f->dir));
	strcpy(f->dir, real);
	free(real);
	assert_non_null(getcwd(f->oldcwd, sizeof(f->oldcwd)));
	f->oldpwd = pwd ? xstrdup(pwd) : NULL;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_return_code(chdir(f->oldcwd), errno);
	if (f->oldpwd)
		setenv("PWD", f->oldpwd, 1);
	else
		unsetenv("PWD");
	rm_rf_at(AT_FDCWD, f->dir);
	free(f->oldpwd);
	free(f);
	return 0;
}

/* The absolute path of REL in the fixture, in a static buffer. */
static const char *at(struct fixture *f, const char *rel)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s%s%s", f->dir, *rel ? "/" : "", rel);
	return path;
}

static void mkdirs(struct fixture *f, const char *rel)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (p = path + strlen(f->dir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void touch(struct fixture *f, const char *rel)
{
	int fd = open(at(f, rel), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_return_code(fd, errno);
	close(fd);
}

/* repo_root(DIR) equals the fixture's WANT ("" for the fixture itself). */
static void assert_root(struct fixture *f, const char *dir, const char *want)
{
	char *query = xstrdup(at(f, dir));
	char *got = repo_root(query);

	assert_non_null(got);
	assert_string_equal(got, at(f, want));
	free(got);
	free(query);
}

static void should_find_nearest_ancestor_with_git_folder(void **state)
{
	struct fixture *f = *state;

	mkdirs(f, "r/.git");
	mkdirs(f, "r/services/billing/api");
	assert_root(f, "r/services/billing/api", "r");
	assert_root(f, "r/services", "r");
}

static void should_find_the_repository_from_its_root_itself(void **state)
{
	struct fixture *f = *state;

	mkdirs(f, "r/.git");
	assert_root(f, "r", "r");
}

static void should_find_worktree_with_git_file(void **state)
{
	struct fixture *f = *state;
	FILE *fp;

	mkdirs(f, "wt/src/lib");
	fp = fopen(at(f, "wt/.git"), "w");
	assert_non_null(fp);
	fputs("gitdir: /elsewhere/.git/worktrees/wt\n", fp);
	fclose(fp);
	assert_root(f, "wt/src/lib", "wt");
}

static void should_find_mercurial_jujutsu_and_mcdroot_repositories(void **state)
{
	struct fixture *f = *state;

	mkdirs(f, "hg/.hg");
	mkdirs(f, "hg/a/b");
	mkdirs(f, "jj/.jj");
	mkdirs(f, "jj/a/b");
	mkdirs(f, "plain/a/b");
	touch(f, "plain/.mcdroot");
	assert_root(f, "hg/a/b", "hg");
	assert_root(f, "jj/a/b", "jj");
	assert_root(f, "plain/a/b", "plain");
}

static void should_prefer_the_inner_of_nested_repositories(void **state)
{
	struct fixture *f = *state;

	mkdirs(f, "outer/.git");
	mkdirs(f, "outer/vendor/inner/.git");
	mkdirs(f, "outer/vendor/inner/pkg");
	mkdirs(f, "outer/app");
	assert_root(f, "outer/vendor/inner/pkg", "outer/vendor/inner");
	assert_root(f, "outer/vendor/inner", "outer/vendor/inner");
	assert_root(f, "outer/vendor", "outer");
	assert_root(f, "outer/app", "outer");
}

static void should_find_root_of_a_folder_that_no_longer_exists(void **state)
{
	struct fixture *f = *state;

	mkdirs(f, "r/.git");
	assert_root(f, "r/deleted/long/ago", "r");
}

static void should_find_no_repository_outside_any(void **state)
{
	struct fixture *f = *state;
	char *query;

	/* the fixture lives in /tmp: neither /tmp nor / may be a repository */
	assert_null(repo_root("/tmp"));
	mkdirs(f, "loose/a/b");
	query = xstrdup(at(f, "loose/a/b"));
	assert_null(repo_root(query));
	free(query);
}

static void assert_absolute(const char *arg, const char *cwd, const char *want)
{
	char *got = repo_absolute(arg, cwd);
	assert_string_equal(got, want);
	free(got);
}

static void should_make_paths_absolute_and_normalised(void **state)
{
	assert_absolute("x", "/a/b", "/a/b/x");
	assert_absolute(".", "/a/b", "/a/b");
	assert_absolute("..", "/a/b", "/a");
	assert_absolute("../..", "/a/b", "/");
	assert_absolute("../../../..", "/a/b", "/");
	assert_absolute("x/../y", "/a/b", "/a/b/y");
	assert_absolute("./c/./d/", "/a//b/", "/a/b/c/d");
	assert_absolute("c//d", "/a", "/a/c/d");
	assert_absolute("x", "/", "/x");
	assert_absolute("..", "/", "/");
	assert_absolute("/abs//p/./q/../r", "/ignored", "/abs/p/r");
	assert_absolute("//", "/a", "/");
	/* lexical, as `cd -L`: no symlink is looked at */
	assert_absolute("link/..", "/a", "/a");
}

static void should_keep_the_logical_pwd_through_a_symlink(void **state)
{
	struct fixture *f = *state;
	char link[PATH_MAX];
	struct buf out = BUF_INIT;

	mkdirs(f, "real/sub");
	snprintf(link, sizeof(link), "%s", at(f, "link"));
	assert_return_code(symlink(at(f, "real/sub"), link), errno);
	assert_return_code(chdir(link), errno);
	setenv("PWD", link, 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, link);
	assert_int_equal(out.len, strlen(link));
	buf_release(&out);
}

static void should_fall_back_to_getcwd_when_pwd_is_stale(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;

	mkdirs(f, "here");
	mkdirs(f, "elsewhere");
	assert_return_code(chdir(at(f, "here")), errno);
	setenv("PWD", at(f, "elsewhere"), 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "here"));

	/* a PWD that no longer exists at all */
	setenv("PWD", at(f, "gone"), 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "here"));
	buf_release(&out);
}

static void should_fall_back_to_getcwd_when_pwd_is_relative(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;

	mkdirs(f, "here");
	assert_return_code(chdir(f->dir), errno);
	assert_return_code(symlink("here", at(f, "link")), errno);
	assert_return_code(chdir(at(f, "link")), errno);
	setenv("PWD", "link", 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "here"));

	unsetenv("PWD");
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "here"));
	buf_release(&out);
}

static void should_fall_back_to_getcwd_when_pwd_is_not_normalised(void **state)
{
	struct fixture *f = *state;
	struct buf out = BUF_INIT;
	char pwd[PATH_MAX];

	mkdirs(f, "real");
	assert_return_code(symlink("real", at(f, "link")), errno);
	assert_return_code(chdir(at(f, "link")), errno);

	/* each names the working directory, but not in normal form */
	snprintf(pwd, sizeof(pwd), "%s/link/../link", f->dir);
	setenv("PWD", pwd, 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "real"));

	snprintf(pwd, sizeof(pwd), "%s/./link", f->dir);
	setenv("PWD", pwd, 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "real"));

	snprintf(pwd, sizeof(pwd), "%s//link", f->dir);
	setenv("PWD", pwd, 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "real"));

	snprintf(pwd, sizeof(pwd), "%s/link/", f->dir);
	setenv("PWD", pwd, 1);
	assert_int_equal(repo_cwd(&out), 0);
	assert_string_equal(out.data, at(f, "real"));
	buf_release(&out);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* A path below one spelling of a root, spelled from the other. */
static void should_respell_paths_below_a_root_and_only_those(void **state)
{
	struct buf out = BUF_INIT;

	assert_int_equal(repo_respell("/w/link/a/b", 11, "/w/link", "/w/acme", &out), 1);
	assert_string_equal(out.data, "/w/acme/a/b");
	assert_int_equal(repo_respell("/w/link", 7, "/w/link", "/w/acme", &out), 1);
	assert_string_equal(out.data, "/w/acme");
	assert_int_equal(repo_respell("/w/linked/a", 11, "/w/link", "/w/acme", &out), 0);
	assert_int_equal(repo_respell("/w", 2, "/w/link", "/w/acme", &out), 0);
	assert_int_equal(repo_respell("/a/b", 4, "/", "/mnt/root", &out), 1);
	assert_string_equal(out.data, "/mnt/root/a/b");
	assert_int_equal(repo_respell("/mnt/root/a", 11, "/mnt/root", "/", &out), 1);
	assert_string_equal(out.data, "/a");
	assert_int_equal(repo_respell("/mnt/root", 9, "/mnt/root", "/", &out), 1);
	assert_string_equal(out.data, "/");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_find_nearest_ancestor_with_git_folder),
	    T(should_find_the_repository_from_its_root_itself),
	    T(should_find_worktree_with_git_file),
	    T(should_find_mercurial_jujutsu_and_mcdroot_repositories),
	    T(should_prefer_the_inner_of_nested_repositories),
	    T(should_find_root_of_a_folder_that_no_longer_exists),
	    T(should_find_no_repository_outside_any),
	    cmocka_unit_test(should_make_paths_absolute_and_normalised),
	    cmocka_unit_test(should_respell_paths_below_a_root_and_only_those),
	    T(should_keep_the_logical_pwd_through_a_symlink),
	    T(should_fall_back_to_getcwd_when_pwd_is_stale),
	    T(should_fall_back_to_getcwd_when_pwd_is_relative),
	    T(should_fall_back_to_getcwd_when_pwd_is_not_normalised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
