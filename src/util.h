/* util.h - allocation wrappers, error reporting and a growable byte buffer */
#ifndef MCD_UTIL_H
#define MCD_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define MCD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The index of the item equal to a key in a sorted sequence of N items,
 * searched from *HINT outwards (steps of 1, 2, 4... past it, then halving
 * back), so that keys asked in about sorted order cost a few comparisons
 * each: CMP(ARG, I) compares item I with the key (<0: the item comes
 * first), or returns GALLOP_STOP to give up (an item not to trust).
 * Returns SIZE_MAX when absent or given up; *HINT is then where the next
 * search starts. */
#define GALLOP_STOP (-0x7fff)
size_t gallop_find(size_t n, size_t *hint, int (*cmp)(const void *arg, size_t i), const void *arg);

/* Allocate or abort: on out-of-memory these print "mcd: out of memory" and
 * exit(3), so callers never check for NULL. Memory is the caller's to free. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n); /* adds a NUL after the n bytes */

/* Run FN on each of the N jobs at JOBS, SIZE bytes apart (N at most
 * MCD_MAX_JOBS): the first on this thread, the others on threads of their
 * own, or here as well when a thread cannot be started. Returns when all
 * are done. */
#define MCD_MAX_JOBS 8
void run_jobs(void *(*fn)(void *), void *jobs, size_t size, int n);

/* Print "mcd: <message>" and a newline on stderr, unless silenced.
 * error() always returns -1 so error paths are one line:
 *     return error("cannot open '%s': %s", path, strerror(errno)); */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silence error() and warning(), e.g. for the prompt hook. */
void error_set_quiet(int quiet);

/* PATH with control characters, backslashes and invalid UTF-8 escaped
 * (\n, \t, \\, \xHH), for messages and lists meant for people. The path
 * handed to the shell function is never escaped. Returns a static buffer,
 * one of four used in turn: up to four results can be used together. */
const char *quote_for_humans(const char *path);

/* Should output to FD be coloured: a terminal, NO_COLOR unset or empty,
 * TERM not "dumb"? */
int color_enabled(int fd);

/* A human-readable age of a time THEN seen at NOW ("12 s", "5 min", "3 h",
 * "2 days", or a date), into a static buffer overwritten by the next call. */
const char *human_age(int64_t then, int64_t now);

/* A growable byte buffer, always NUL-terminated after len bytes. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_setlen(struct buf *b, size_t len);

/* Read a whole file relative to DIRFD (AT_FDCWD for the cwd) into B, at most
 * MAX bytes. Returns 0, or -1 with errno set (EFBIG when larger than MAX).
 * Does not follow a symlink at the last component. */
int read_file_at(int dirfd, const char *name, size_t max, struct buf *b);

/* Is PATH a directory (following symlinks, as cd does)? */
int is_directory(const char *path);

/* Join A and B with one '/', into a new string the caller frees. */
char *path_join(const char *a, const char *b);

/* Lexically normalise an absolute path in place: drop "." components,
 * empty components and resolve ".." against the previous component, as
 * `cd -L` does. Returns its argument. */
char *path_normalize(char *path);

/* Length of the valid UTF-8 character at S (N bytes left, N > 0) and its
 * code point into *CP, or 0 for an invalid or overlong one, a surrogate, or
 * one past U+10FFFF. */
size_t utf8_char(const unsigned char *s, size_t n, unsigned *cp);

#endif
