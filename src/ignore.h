/* ignore.h - gitignore rules, as git applies them to directories
 *
 * A walk pushes the patterns of each directory's .gitignore when it enters
 * the directory and pops them when it leaves; ignore_match() then answers
 * whether a child directory is ignored. Semantics follow gitignore(5):
 * blank lines and '#' comments, trailing unescaped spaces dropped, '!'
 * negation, a trailing '/' for directories only, a slash at the start or in
 * the middle anchors the pattern to the directory of its file, otherwise it
 * matches the basename at any depth; '*', '?', '[...]' (with '!' or '^'
 * negation and ranges), '\' escapes, and '**' as a leading "**" + "/", a
 * trailing "/" + "**" or a middle "/" + "**" + "/". The last matching pattern
 * wins; patterns of a deeper file override those of its parents.
 *
 * Like git, a path inside an ignored directory is ignored whatever the
 * patterns say ("!" cannot re-include it), but ignore_match() does not check
 * the parents itself: the walker gets that rule by not descending into a
 * directory that ignore_match() reports ignored. Other details follow git
 * 2.39 too: a UTF-8 BOM starting a file is skipped, one '\r' before each
 * '\n' is dropped, matching is case-sensitive and [:class:] names are ASCII.
 */
#ifndef MCD_IGNORE_H
#define MCD_IGNORE_H

#include <stddef.h>

struct ignore_pattern; /* private to ignore.c */

/* One file's worth of patterns, with the directory it applies to. */
struct ignore_list {
	char *base; /* repository-relative directory, "" for the root */
	size_t baselen;
	struct ignore_pattern *pats;
	size_t n, cap;
};

/* A stack of pattern lists: index 0 is the lowest precedence
 * (global excludes, then .git/info/exclude, then the root .gitignore),
 * the top is the deepest .gitignore. */
struct ignore {
	struct ignore_list *lists;
	size_t n, cap;
	char *arena; /* private: unused, each list owns one block (see ignore.c) */
};

/* Set up an empty stack; no allocation. ignore_release() pops and frees
 * everything and leaves IG empty and ready for reuse. */
void ignore_init(struct ignore *ig);
void ignore_release(struct ignore *ig);

/* Parse the text of one ignore file (BUF, LEN bytes, need not be
 * NUL-terminated) whose patterns apply to the repository-relative directory
 * BASE ("" for the root, no trailing slash), and push it on the stack.
 * Always pushes a list (possibly empty), so every push has a matching pop.
 * Malformed lines are skipped; this never fails. BUF and BASE are copied
 * (BUF may be NULL when LEN is 0), so the caller may free them at once;
 * pointers into ig->lists become invalid at the next push. A pattern with
 * more than 256 runs of '*' is dropped as never matching (git would try). */
void ignore_push(struct ignore *ig, const char *base, const char *buf, size_t len);

/* Pop the list pushed last and free it; does nothing on an empty stack. */
void ignore_pop(struct ignore *ig);

/* Is the entry at repository-relative PATH (no leading or trailing slash)
 * ignored? IS_DIR tells whether it is a directory, for patterns ending
 * in '/'. Returns 1 if ignored, 0 if not. Only lists whose base is a proper
 * ancestor of PATH apply. Never allocates; IG is not modified. */
int ignore_match(const struct ignore *ig, const char *path, int is_dir);

/* Match one gitignore glob PATTERN against TEXT (both NUL-terminated),
 * with '*' and '?' never matching '/' and '**' as described above.
 * Returns 1 on a match, 0 otherwise. Pure: no allocation, no global
 * state; a PATTERN with more than 256 runs of '*' never matches. Exposed
 * for tests and fuzzing. Note ignore_match() follows git in
 * matching the rest of a pattern after its literal prefix as a pattern of
 * its own, so there "foo**" + "/bar" matches "foox/y/bar"; here it does not. */
int ignore_wildmatch(const char *pattern, const char *text);

#endif
