/* test_ignore.c - gitignore parsing and matching, checked against git itself */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "testutil.h"

#include "ignore.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Is PATH ignored by a root .gitignore holding TEXT? */
static int ignored_by(const char *text, const char *path, int is_dir)
{
	struct ignore ig;
	int r;

	ignore_init(&ig);
	ignore_push(&ig, "", text, strlen(text));
	r = ignore_match(&ig, path, is_dir);
	ignore_release(&ig);
	return r;
}

static int dir_ignored_by(const char *text, const char *path)
{
	return ignored_by(text, path, 1);
}

static void should_ignore_basename_at_any_depth(void **state)
{
	assert_true(dir_ignored_by("build\n", "build"));
	assert_true(dir_ignored_by("build\n", "a/build"));
	assert_true(dir_ignored_by("build\n", "a/b/build"));
	assert_false(dir_ignored_by("build\n", "builds"));
	assert_false(dir_ignored_by("build\n", "a/rebuild"));
	assert_false(dir_ignored_by("build\n", "build-x/a"));
}

static void should_skip_blank_lines_and_comments(void **state)
{
	const char *text = "# out\n\n   \n\t#x\nout\n";

	assert_true(dir_ignored_by(text, "out"));
	assert_false(dir_ignored_by(text, "# out"));
	assert_false(dir_ignored_by(text, "#x"));
	assert_true(dir_ignored_by(text, "\t#x")); /* only a '#' in column one starts a comment */
	assert_false(dir_ignored_by(text, "   "));
}

static void should_unescape_leading_hash_and_bang(void **state)
{
	assert_true(dir_ignored_by("\\#keep\n", "#keep"));
	assert_true(dir_ignored_by("\\!important\n", "!important"));
	assert_false(dir_ignored_by("\\!important\n", "important"));
}

static void should_strip_trailing_unescaped_spaces_only(void **state)
{
	assert_true(dir_ignored_by("foo   \n", "foo"));
	assert_false(dir_ignored_by("foo   \n", "foo "));
	assert_true(dir_ignored_by("bar\\ \n", "bar "));
	assert_false(dir_ignored_by("bar\\ \n", "bar"));
	assert_true(dir_ignored_by("baz\\  \n", "baz "));
	assert_true(dir_ignored_by("tab\t\n", "tab\t"));
	assert_false(dir_ignored_by("tab\t\n", "tab"));
	assert_true(dir_ignored_by("in side\n", "in side"));
}

static void should_tolerate_crlf_line_endings(void **state)
{
	const char *text = "foo\r\n/bar/\r\nbaz\r";

	assert_true(dir_ignored_by(text, "foo"));
	assert_true(dir_ignored_by(text, "bar"));
	assert_true(dir_ignored_by(text, "baz"));
	assert_false(dir_ignored_by(text, "foo\r"));
	/* git drops only the one '\r' right before the '\n' */
	assert_true(dir_ignored_by("cr\r\r\n", "cr\r"));
}

static void should_skip_utf8_byte_order_mark(void **state)
{
	assert_true(dir_ignored_by("\xef\xbb\xbf"
	                           "out\n",
	                           "out"));
	assert_true(dir_ignored_by("\xef\xbb\xbf"
	                           "#c\nout\n",
	                           "out"));
	assert_false(dir_ignored_by("\xef\xbb\xbf"
	                            "#c\n",
	                            "#c"));
	assert_true(dir_ignored_by("x\n\xef\xbb\xbf"
	                           "y\n",
	                           "\xef\xbb\xbf"
	                           "y"));
}

static void should_read_only_len_bytes_and_stop_a_line_at_nul(void **state)
{
	struct ignore ig;

	ignore_init(&ig);
	ignore_push(&ig, "", "fooXYZ", 3);
	ignore_push(&ig, "", "ab\0cd\nef\n", 9);
	ignore_push(&ig, "", NULL, 0);
	assert_true(ignore_match(&ig, "foo", 1));
	assert_false(ignore_match(&ig, "fooXYZ", 1));
	assert_true(ignore_match(&ig, "ab", 1));
	assert_false(ignore_match(&ig, "abcd", 1));
	assert_true(ignore_match(&ig, "ef", 1));
	ignore_release(&ig);
}

static void should_reinclude_with_negation(void **state)
{
	const char *text = "*.d\n!keep.d\n";

	assert_true(dir_ignored_by(text, "x.d"));
	assert_true(dir_ignored_by(text, "a/x.d"));
	assert_false(dir_ignored_by(text, "keep.d"));
	assert_false(dir_ignored_by(text, "a/keep.d"));
}

static void should_let_last_matching_pattern_win(void **state)
{
	assert_true(dir_ignored_by("!foo\nfoo\n", "foo"));
	assert_false(dir_ignored_by("foo\n!foo\n", "foo"));
	assert_true(dir_ignored_by("foo\n!foo\n/foo/\n", "foo"));
}

static void should_apply_directory_only_pattern_to_directories_only(void **state)
{
	assert_true(ignored_by("out/\n", "out", 1));
	assert_true(ignored_by("out/\n", "a/out", 1));
	assert_false(ignored_by("out/\n", "out", 0));
	assert_true(ignored_by("out\n", "out", 0));
	/* a negated directory-only pattern does not re-include a file */
	assert_true(ignored_by("out\n!out/\n", "out", 0));
	assert_false(ignored_by("out\n!out/\n", "out", 1));
}

static void should_anchor_pattern_with_leading_slash(void **state)
{
	assert_true(dir_ignored_by("/out\n", "out"));
	assert_false(dir_ignored_by("/out\n", "a/out"));
	assert_true(dir_ignored_by("/*.tmp\n", "x.tmp"));
	assert_false(dir_ignored_by("/*.tmp\n", "a/x.tmp"));
}

static void should_anchor_pattern_with_middle_slash(void **state)
{
	assert_true(dir_ignored_by("doc/frotz\n", "doc/frotz"));
	assert_true(dir_ignored_by("doc/frotz/\n", "doc/frotz"));
	assert_false(dir_ignored_by("doc/frotz\n", "a/doc/frotz"));
	assert_false(dir_ignored_by("doc/frotz\n", "frotz"));
	assert_true(dir_ignored_by("a/*/c\n", "a/b/c"));
	assert_false(dir_ignored_by("a/*/c\n", "a/b/x/c"));
}

static void should_anchor_patterns_to_the_directory_of_their_file(void **state)
{
	struct ignore ig;

	ignore_init(&ig);
	ignore_push(&ig, "", "", 0);
	ignore_push(&ig, "a", "/b\nc/d\ne\n", 9);
	assert_true(ignore_match(&ig, "a/b", 1));
	assert_false(ignore_match(&ig, "b", 1));
	assert_false(ignore_match(&ig, "a/x/b", 1));
	assert_true(ignore_match(&ig, "a/c/d", 1));
	assert_false(ignore_match(&ig, "a/x/c/d", 1));
	assert_true(ignore_match(&ig, "a/x/e", 1));
	/* not under "a/": the patterns do not apply at all */
	assert_false(ignore_match(&ig, "e", 1));
	assert_false(ignore_match(&ig, "ab/e", 1));
	assert_false(ignore_match(&ig, "a", 1));
	ignore_release(&ig);
}

static void should_let_deeper_gitignore_override_parent(void **state)
{
	struct ignore ig;

	ignore_init(&ig);
	ignore_push(&ig, "", "gen\n", 4);
	ignore_push(&ig, "a", "!gen\n", 5);
	assert_true(ignore_match(&ig, "gen", 1));
	assert_false(ignore_match(&ig, "a/gen", 1));
	assert_false(ignore_match(&ig, "a/b/gen", 1));
	ignore_push(&ig, "a/b", "gen\n", 4);
	assert_true(ignore_match(&ig, "a/b/gen", 1));
	ignore_pop(&ig);
	assert_false(ignore_match(&ig, "a/b/gen", 1));
	ignore_pop(&ig);
	assert_true(ignore_match(&ig, "a/gen", 1));
	ignore_release(&ig);
}

static void should_rank_gitignore_over_info_exclude_over_global_excludes(void **state)
{
	struct ignore ig;

	ignore_init(&ig);
	ignore_push(&ig, "", "g\ni\n!r\n", 7); /* global excludes */
	ignore_push(&ig, "", "!i\nr\n", 5);    /* .git/info/exclude */
	ignore_push(&ig, "", "!g\n", 3);       /* root .gitignore */
	assert_false(ignore_match(&ig, "g", 1));
	assert_false(ignore_match(&ig, "i", 1));
	assert_true(ignore_match(&ig, "r", 1));
	ignore_release(&ig);
}

static void should_not_let_star_or_question_mark_match_slash(void **state)
{
	assert_true(ignore_wildmatch("a*c", "abbc"));
	assert_true(ignore_wildmatch("a*c", "ac"));
	assert_false(ignore_wildmatch("a*c", "a/c"));
	assert_true(ignore_wildmatch("a?c", "abc"));
	assert_false(ignore_wildmatch("a?c", "a/c"));
	assert_false(ignore_wildmatch("a?c", "ac"));
	assert_true(ignore_wildmatch("*/c", "b/c"));
	assert_false(ignore_wildmatch("*/c", "a/b/c"));
	assert_false(ignore_wildmatch("*", "a/b"));
	assert_true(dir_ignored_by("a/*\n", "a/b"));
	assert_false(dir_ignored_by("a/*\n", "a/b/c"));
}

static void should_match_double_star_forms(void **state)
{
	/* leading: any depth, including none */
	assert_true(ignore_wildmatch("**/foo", "foo"));
	assert_true(ignore_wildmatch("**/foo", "a/foo"));
	assert_true(ignore_wildmatch("**/foo", "a/b/foo"));
	assert_false(ignore_wildmatch("**/foo", "afoo"));
	assert_true(ignore_wildmatch("**/a/b", "x/y/a/b"));
	/* trailing: everything inside, not the directory itself */
	assert_true(ignore_wildmatch("abc/**", "abc/x"));
	assert_true(ignore_wildmatch("abc/**", "abc/x/y"));
	assert_false(ignore_wildmatch("abc/**", "abc"));
	assert_false(ignore_wildmatch("abc/**", "abcd/x"));
	/* middle: zero or more directories */
	assert_true(ignore_wildmatch("a/**/b", "a/b"));
	assert_true(ignore_wildmatch("a/**/b", "a/x/b"));
	assert_true(ignore_wildmatch("a/**/b", "a/x/y/b"));
	assert_false(ignore_wildmatch("a/**/b", "a/xb"));
	assert_false(ignore_wildmatch("a/**/b", "ab"));
	assert_true(ignore_wildmatch("a/**/**/b", "a/b"));
	assert_true(ignore_wildmatch("**", "a/b/c"));
	/* anywhere else "**" is a plain "*" */
	assert_true(ignore_wildmatch("a**b", "axyb"));
	assert_false(ignore_wildmatch("a**b", "a/b"));
	assert_false(ignore_wildmatch("a/**b", "a/x/b"));
	assert_false(ignore_wildmatch("**b/c", "a/b/c"));
	/* through ignore_match */
	assert_true(dir_ignored_by("**/gen\n", "x/y/gen"));
	assert_true(dir_ignored_by("logs/**\n", "logs/a"));
	assert_false(dir_ignored_by("logs/**\n", "logs"));
	assert_true(dir_ignored_by("a/**/z\n", "a/z"));
	assert_true(dir_ignored_by("a/**/z\n", "a/m/n/z"));
	assert_false(dir_ignored_by("a/**/z\n", "b/a/z"));
}

static void should_match_star_after_literal_prefix_like_git(void **state)
{
	/* git matches what follows the literal prefix on its own, so there the
	 * "**" starts the pattern and may cross directories */
	assert_true(dir_ignored_by("foo**/bar\n", "foox/y/bar"));
	assert_true(dir_ignored_by("foo**/bar\n", "foo/bar"));
	assert_false(ignore_wildmatch("foo**/bar", "foox/y/bar"));
}

static void should_match_character_classes(void **state)
{
	assert_true(ignore_wildmatch("[abc]", "b"));
	assert_false(ignore_wildmatch("[abc]", "d"));
	assert_true(ignore_wildmatch("tmp[0-9]", "tmp7"));
	assert_false(ignore_wildmatch("tmp[0-9]", "tmpa"));
	assert_true(ignore_wildmatch("[!0-9]x", "ax"));
	assert_false(ignore_wildmatch("[!0-9]x", "1x"));
	assert_true(ignore_wildmatch("[^0-9]x", "ax"));
	assert_false(ignore_wildmatch("[^0-9]x", "1x"));
	assert_true(ignore_wildmatch("[]x]", "]"));
	assert_true(ignore_wildmatch("[]x]", "x"));
	assert_true(ignore_wildmatch("[!]x]", "a"));
	assert_false(ignore_wildmatch("[!]x]", "]"));
	assert_true(ignore_wildmatch("[a-]", "-"));
	assert_true(ignore_wildmatch("[-a]", "-"));
	assert_true(ignore_wildmatch("[\\]]", "]"));
	assert_true(ignore_wildmatch("[a\\-c]", "-"));
	assert_false(ignore_wildmatch("[a\\-c]", "b"));
	assert_true(ignore_wildmatch("[[:digit:]]", "5"));
	assert_true(ignore_wildmatch("[[:alpha:][:digit:]]x", "Qx"));
	assert_true(ignore_wildmatch("[[:upper:]]CAPS", "ACAPS"));
	assert_false(ignore_wildmatch("[[:upper:]]CAPS", "aCAPS"));
	assert_true(ignore_wildmatch("[[:space:]]", " "));
	assert_true(ignore_wildmatch("[[:punct:]]", "_"));
	assert_true(ignore_wildmatch("[[:xdigit:]]", "f"));
	assert_false(ignore_wildmatch("[[:xdigit:]]", "g"));
	assert_true(ignore_wildmatch("[[:]", ":"));
	/* a class never matches '/' */
	assert_false(ignore_wildmatch("a[/]b", "a/b"));
	assert_false(ignore_wildmatch("a[!x]b", "a/b"));
	/* malformed: never matches */
	assert_false(ignore_wildmatch("[abc", "a"));
	assert_false(ignore_wildmatch("[abc", "[abc"));
	assert_false(ignore_wildmatch("[[:bogus:]]", "a"));
	assert_false(ignore_wildmatch("[[:alpha:]", "a"));
}

static void should_escape_wildcards_with_backslash(void **state)
{
	assert_true(ignore_wildmatch("\\*", "*"));
	assert_false(ignore_wildmatch("\\*", "a"));
	assert_true(ignore_wildmatch("a\\?", "a?"));
	assert_false(ignore_wildmatch("a\\?", "ab"));
	assert_true(ignore_wildmatch("\\[x]", "[x]"));
	assert_true(ignore_wildmatch("\\a", "a"));
	/* a trailing backslash never matches */
	assert_false(ignore_wildmatch("a\\", "a"));
	assert_false(ignore_wildmatch("a\\", "a\\"));
	assert_false(dir_ignored_by("a\\\n", "a"));
}

static void should_compare_suffix_and_literal_patterns_exactly(void **state)
{
	assert_true(dir_ignored_by("*.tmp\n", "a.tmp"));
	assert_true(dir_ignored_by("*.tmp\n", ".tmp"));
	assert_true(dir_ignored_by("*.tmp\n", "x/a.tmp"));
	assert_false(dir_ignored_by("*.tmp\n", "a.tmpx"));
	assert_false(dir_ignored_by("*.tmp\n", "tmp"));
	assert_true(dir_ignored_by("*\n", "anything"));
	assert_true(dir_ignored_by("a/b\n", "a/b"));
	assert_false(dir_ignored_by("a/b\n", "a/bc"));
	assert_false(dir_ignored_by("a/b\n", "a"));
	assert_false(dir_ignored_by("Out\n", "out")); /* case-sensitive */
}

static void should_ignore_degenerate_lines(void **state)
{
	const char *text = "!\n/\n//\n!/\n \n\\\n";

	assert_false(dir_ignored_by(text, "a"));
	assert_false(dir_ignored_by(text, "a/b"));
	assert_false(dir_ignored_by("//a\n", "a"));
	assert_false(dir_ignored_by("a//\n", "a"));
}

/* A deliberate divergence: git would match these; see IGNORE_MAX_STAR_RUNS. */
static void should_drop_pattern_with_too_many_star_runs(void **state)
{
	struct buf pat = BUF_INIT, text = BUF_INIT;
	int i;

	for (i = 0; i < 256; i++) {
		buf_adds(&pat, "*a");
		buf_addch(&text, 'a');
	}
	assert_true(ignore_wildmatch(pat.data, text.data));
	buf_addch(&pat, '\n');
	assert_true(dir_ignored_by(pat.data, text.data));
	buf_setlen(&pat, pat.len - 1);
	buf_adds(&pat, "*a");
	buf_addch(&text, 'a');
	assert_false(ignore_wildmatch(pat.data, text.data));
	buf_addch(&pat, '\n');
	assert_false(dir_ignored_by(pat.data, text.data));
	buf_release(&pat);
	buf_release(&text);
}

static void should_pop_lists_in_reverse_order(void **state)
{
	struct ignore ig;
	char base[32];
	int i;

	ignore_init(&ig);
	ignore_pop(&ig); /* harmless when empty */
	for (i = 0; i < 40; i++) {
		snprintf(base, sizeof(base), "%s", i ? "d" : "");
		ignore_push(&ig, base, "x\n", 2);
	}
	assert_int_equal(ig.n, 40);
	assert_string_equal(ig.lists[1].base, "d");
	for (i = 0; i < 39; i++)
		ignore_pop(&ig);
	assert_int_equal(ig.n, 1);
	assert_true(ignore_match(&ig, "x", 1));
	ignore_release(&ig);
	assert_int_equal(ig.n, 0);
	ignore_push(&ig, "a/", "y\n", 2); /* reusable after release; trailing '/' dropped */
	assert_string_equal(ig.lists[0].base, "a");
	assert_true(ignore_match(&ig, "a/y", 1));
	ignore_release(&ig);
}

/* ---- the comparison with git ------------------------------------------ */

static void make_dirs(const char *root, const char *rel)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

static void write_file(const char *root, const char *rel, const char *data)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	assert_int_equal(fclose(f), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Run a shell command in DIR with git's view of the user configuration
 * confined to HOME. Returns its exit status, or -1. */
static int run_git(const char *dir, const char *home, const char *cmd)
{
	struct buf b = BUF_INIT;
	int status;

	buf_addf(&b,
	         "cd '%s' && env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE "
	         "-u GIT_CONFIG_GLOBAL -u GIT_CONFIG_PARAMETERS -u GIT_CONFIG_COUNT "
	         "HOME='%s' XDG_CONFIG_HOME='%s/.config' GIT_CONFIG_NOSYSTEM=1 %s",
	         dir, home, home, cmd);
	status = system(b.data);
	buf_release(&b);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct verdicts {
	struct buf paths; /* NUL-terminated paths, one after another */
	struct buf mine;  /* '0' or '1' per path */
};

/* Walk REL under ROOT the way the walker will: push the .gitignore of each
 * directory entered, ask about each child directory, do not descend into
 * ignored ones (here: descend, but record everything below as ignored). */
static void walk(struct ignore *ig, const char *root, const char *rel, int ignored,
                 struct verdicts *v)
{
	char *dir = *rel ? path_join(root, rel) : xstrdup(root), *file;
	struct buf text = BUF_INIT;
	struct dirent *e;
	DIR *d;

	if (!ignored) {
		file = path_join(dir, ".gitignore");
		if (read_file_at(AT_FDCWD, file, 1 << 20, &text))
			buf_setlen(&text, 0);
		ignore_push(ig, rel, text.data, text.len);
		free(file);
	}
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char *child;
		struct stat st;
		int child_ignored;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!*rel && !strcmp(e->d_name, ".git")))
			continue;
		file = path_join(dir, e->d_name);
		assert_int_equal(lstat(file, &st), 0);
		free(file);
		if (!S_ISDIR(st.st_mode))
			continue;
		child = *rel ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		child_ignored = ignored || ignore_match(ig, child, 1);
		buf_add(&v->paths, child, strlen(child) + 1);
		buf_addch(&v->mine, child_ignored ? '1' : '0');
		walk(ig, root, child, child_ignored, v);
		free(child);
	}
	closedir(d);
	if (!ignored)
		ignore_pop(ig);
	buf_release(&text);
	free(dir);
}

static int listed(const struct buf *list, const char *path)
{
	size_t i;

	for (i = 0; i < list->len; i += strlen(list->data + i) + 1)
		if (!strcmp(list->data + i, path))
			return 1;
	return 0;
}

/* The repository for the comparison: directories named to hit (or just
 * miss) the patterns below, including ones under ignored directories. */
static const char *const tree_dirs[] = {
    "build/inner",
    "src/build",
    "build-keep",
    "top_only",
    "src/top_only",
    "docs/generated",
    "src/docs/generated",
    "docs/other",
    "x/y/deep_any",
    "deep_any",
    "logs/sub/deeper",
    "a/z",
    "a/m/z",
    "a/m/n/z",
    "z",
    "b/a/z",
    "tmp1",
    "tmpa",
    "tmpax",
    "tmp12",
    "ACAPS",
    "aCAPS",
    "]bracket",
    "xbracket",
    "ybracket",
    "trailing ",
    "trailing",
    "spaces",
    "spaces ",
    "#hash",
    "hash",
    "!bang",
    "bang",
    "x.d",
    "keep.d",
    "a/keep.d",
    "a/b/x.d",
    "a/b/y.d",
    "a/b/keep.d",
    "foo/bar",
    "foox/y/bar",
    "fooy/bar",
    "f/bar",
    "node_modules/pkg",
    "a/node_modules",
    "a/b/node_modules",
    "a/c/node_modules",
    "a/local",
    "local",
    "a/b/local",
    "a/x/y",
    "a/q/x/y",
    "x/q/y",
    "a/lib.o",
    "lib.o",
    "a/gen",
    "a/b/gen",
    "a/b/c/gen",
    "gen",
    "global_only",
    "src/global_only",
    "x.cache",
    "keep.cache",
    "src/keep.cache",
    "excluded_dir/sub",
    "src/excluded_dir",
    "star1/inner",
    "star/inner",
    "stars/deep/inner",
    "qax",
    "q/x",
    "nested/one/leaf",
    "nested/one/two/leaf",
    "special",
    "sp/special",
    "Mixed",
    "mixed",
    "dot.dir",
    "dotXdir",
    "dbl",
    "lead",
};

/* A BOM, CRLF on some lines, escapes, classes, "**" forms, negations, and a
 * last line without a newline. */
static const char root_gitignore[] = "\xef\xbb\xbf# generated output\r\n"
                                     "build/\r\n"
                                     "!build-keep\n"
                                     "/top_only\n"
                                     "docs/generated\r\n"
                                     "**/deep_any\n"
                                     "logs/**\n"
                                     "a/**/z\n"
                                     "tmp[0-9]\n"
                                     "tmp[!0-9]x\n"
                                     "[[:upper:]]CAPS\n"
                                     "[]x]bracket\n"
                                     "trailing\\  \n"
                                     "spaces   \n"
                                     "\\#hash\n"
                                     "\\!bang\n"
                                     "\n"
                                     "*.d\n"
                                     "!keep.d\n"
                                     "foo**/bar\n"
                                     "node_modules\n"
                                     "star*/inner\n"
                                     "q?x\n"
                                     "nested/*/leaf\n"
                                     "special/\n"
                                     "!/special/\n"
                                     "[Mm]ixed\n"
                                     "!mixed\n"
                                     "dot\\.dir\n"
                                     "dbl//\n"
                                     "//lead\n"
                                     "gen";

/* Read ROOT/REL into TEXT, which must exist. */
static void read_into(struct buf *text, const char *root, const char *rel)
{
	char *path = path_join(root, rel);

	assert_int_equal(read_file_at(AT_FDCWD, path, 1 << 20, text), 0);
	free(path);
}

/* A fresh temporary folder per test, removed even when the test fails. */
static int make_temp_dir(void **state)
{
	char tmpl[] = "/tmp/mcd-test-ignore-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	*state = xstrdup(tmpl);
	return 0;
}

static int remove_temp_dir(void **state)
{
	int r = nftw(*state, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(*state);
	return r;
}

static void should_agree_with_git_check_ignore(void **state)
{
	const char *tmp = *state;
	char *home, *repo;
	struct verdicts v = {BUF_INIT, BUF_INIT};
	struct buf git = BUF_INIT, text = BUF_INIT, cmd = BUF_INIT;
	struct ignore ig;
	size_t i, k, nignored = 0, mismatches = 0;
	FILE *f;
	int rc;

	if (system("git --version >/dev/null 2>&1") != 0)
		skip();
	home = path_join(tmp, "home");
	repo = path_join(tmp, "repo");
	make_dirs(tmp, "home/.config/git");
	make_dirs(tmp, "repo");
	assert_int_equal(run_git(repo, home, "git -c init.defaultBranch=main init -q"), 0);

	for (i = 0; i < MCD_ARRAY_SIZE(tree_dirs); i++)
		make_dirs(repo, tree_dirs[i]);
	write_file(home, ".config/git/ignore", "global_only\n*.cache\n");
	write_file(repo, ".git/info/exclude", "excluded_dir/\n!keep.cache\n");
	write_file(repo, ".gitignore", root_gitignore);
	write_file(repo, "build/.gitignore", "!inner\n"); /* never read: build/ is ignored */
	write_file(repo, "a/.gitignore", "!node_modules\n/local\nx/y\n*.o/\ngen/\n");
	write_file(repo, "a/b/.gitignore", "# nested\r\n!*.d\r\nnode_modules\r\n!/gen\r\n");
	write_file(repo, "src/.gitignore", "!keep.cache\n/build/\n!top_only\n");

	/* the walker's order: global excludes, info/exclude, then the walk */
	ignore_init(&ig);
	read_into(&text, home, ".config/git/ignore");
	ignore_push(&ig, "", text.data, text.len);
	read_into(&text, repo, ".git/info/exclude");
	ignore_push(&ig, "", text.data, text.len);
	walk(&ig, repo, "", 0, &v);
	ignore_release(&ig);
	buf_release(&text);

	/* one git run answers for every directory */
	buf_addf(&cmd, "%s/paths", tmp);
	f = fopen(cmd.data, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(v.paths.data, 1, v.paths.len, f), v.paths.len);
	assert_int_equal(fclose(f), 0);
	buf_setlen(&cmd, 0);
	buf_addf(&cmd, "git check-ignore --no-index -z --stdin <'%s/paths' >'%s/out'", tmp, tmp);
	rc = run_git(repo, home, cmd.data);
	assert_true(rc == 0 || rc == 1); /* 1: nothing ignored, 128: an error */
	read_into(&git, tmp, "out");

	for (i = k = 0; i < v.paths.len; i += strlen(v.paths.data + i) + 1, k++) {
		const char *path = v.paths.data + i;
		int theirs = listed(&git, path), mine = v.mine.data[k] == '1';

		nignored += theirs;
		if (mine != theirs) {
			print_error("'%s': git says %s, ignore_match says %s\n", path,
			            theirs ? "ignored" : "not ignored",
			            mine ? "ignored" : "not ignored");
			mismatches++;
		}
	}
	assert_true(k >= MCD_ARRAY_SIZE(tree_dirs));       /* every directory was seen */
	assert_true(nignored >= 40 && k - nignored >= 30); /* both answers well exercised */
	assert_int_equal(mismatches, 0);

	buf_release(&git);
	buf_release(&cmd);
	buf_release(&v.paths);
	buf_release(&v.mine);
	free(home);
	free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_ignore_basename_at_any_depth),
	    cmocka_unit_test(should_skip_blank_lines_and_comments),
	    cmocka_unit_test(should_unescape_leading_hash_and_bang),
	    cmocka_unit_test(should_strip_trailing_unescaped_spaces_only),
	    cmocka_unit_test(should_tolerate_crlf_line_endings),
	    cmocka_unit_test(should_skip_utf8_byte_order_mark),
	    cmocka_unit_test(should_read_only_len_bytes_and_stop_a_line_at_nul),
	    cmocka_unit_test(should_reinclude_with_negation),
	    cmocka_unit_test(should_let_last_matching_pattern_win),
	    cmocka_unit_test(should_apply_directory_only_pattern_to_directories_only),
	    cmocka_unit_test(should_anchor_pattern_with_leading_slash),
	    cmocka_unit_test(should_anchor_pattern_with_middle_slash),
	    cmocka_unit_test(should_anchor_patterns_to_the_directory_of_their_file),
	    cmocka_unit_test(should_let_deeper_gitignore_override_parent),
	    cmocka_unit_test(should_rank_gitignore_over_info_exclude_over_global_excludes),
	    cmocka_unit_test(should_not_let_star_or_question_mark_match_slash),
	    cmocka_unit_test(should_match_double_star_forms),
	    cmocka_unit_test(should_match_star_after_literal_prefix_like_git),
	    cmocka_unit_test(should_match_character_classes),
	    cmocka_unit_test(should_escape_wildcards_with_backslash),
	    cmocka_unit_test(should_compare_suffix_and_literal_patterns_exactly),
	    cmocka_unit_test(should_ignore_degenerate_lines),
	    cmocka_unit_test(should_drop_pattern_with_too_many_star_runs),
	    cmocka_unit_test(should_pop_lists_in_reverse_order),
	    cmocka_unit_test_setup_teardown(should_agree_with_git_check_ignore, make_temp_dir,
	                                    remove_temp_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
