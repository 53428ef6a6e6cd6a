/* cmd_transfer.c - `mcd import` and `mcd export`: history in and out */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "exclude.h"
#include "history.h"
#include "import.h"
#include "roots.h"
#include "util.h"

#define IMPORT_MAX_FILE (256u << 20) /* a history bigger than this is not one */

/* Read all of FD into OUT. Returns 0 or -1 (errno set). */
static int read_all(int fd, struct buf *out)
{
	for (;;) {
		ssize_t n;
		buf_grow(out, 65536);
		n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len > IMPORT_MAX_FILE) {
			errno = EFBIG;
			return -1;
		}
	}
}

/* zoxide keeps a binary database: ask zoxide itself for the list. */
static int read_zoxide(struct buf *out)
{
	int fd[2], status;
	pid_t pid;

	if (pipe(fd) < 0)
		return error("cannot run zoxide: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return error("cannot run zoxide: %s", strerror(errno));
	}
	if (pid == 0) {
		char *argv[] = {"zoxide", "query", "--list", "--score", NULL};
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp("zoxide", argv);
		_exit(127);
	}
	close(fd[1]);
	if (read_all(fd[0], out) < 0)
		error("cannot read zoxide's output: %s", strerror(errno));
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return error("cannot run zoxide: is it installed? (or give the output of 'zoxide "
		             "query -ls' as FILE)");
	if (WEXITSTATUS(status) != 0 && out->len == 0)
		return error("zoxide query --list --score failed");
	return 0;
}

/* Read the history of FMT from FILE (NULL: its default place; "-":
 * standard input) into OUT, and name where it came from in SOURCE: the
 * format and the file's real path, "FMT:-" for standard input, "zoxide"
 * for zoxide itself. Returns 0 or -1 with a message. */
static int read_source(enum import_format fmt, const char *file, struct buf *out,
                       struct buf *source)
{
	char *path = NULL, *real;
	int fd, ret;

	buf_setlen(source, 0);
	if (!file && fmt == IMPORT_ZOXIDE) {
		buf_adds(source, "zoxide");
		return read_zoxide(out);
	}
	buf_addf(source, "%s:", import_format_name(fmt));
	if (!file || !strcmp(file, "-")) {
		if (!file && (path = import_default_path(fmt)) == NULL)
			return error("import: no HOME to find %s's history in: give its FILE",
			             import_format_name(fmt));
		if (!path) {
			buf_addch(source, '-');
			if (read_all(0, out) < 0)
				return error("cannot read standard input: %s", strerror(errno));
			return 0;
		}
		file = path;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = error("cannot open '%s': %s", quote_for_humans(file), strerror(errno));
	} else {
		ret = read_all(fd, out) < 0
		          ? error("cannot read '%s': %s", quote_for_humans(file), strerror(errno))
		          : 0;
		close(fd);
	}
	real = ret == 0 ? realpath(file, NULL) : NULL;
	buf_adds(source, real ? real : file);
	free(real);
	free(path);
	return ret;
}

/* SOURCE, as read_source() names it, for people: "zoxide", "standard
 * input" or the file quoted. Valid until the next call. */
static const char *source_place(const char *source)
{
	static struct buf out = BUF_INIT;
	const char *colon = strchr(source, ':');

	buf_setlen(&out, 0);
	if (!colon)
		buf_adds(&out, source);
	else if (!strcmp(colon + 1, "-"))
		buf_adds(&out, "standard input");
	else
		buf_addf(&out, "'%s'", quote_for_humans(colon + 1));
	return out.data;
}

/* Entries by path, then in the order read. */
static int cmp_entry(const void *a, const void *b)
{
	const struct import_entry *x = *(const struct import_entry *const *)a,
	                          *y = *(const struct import_entry *const *)b;
	int c = strcmp(x->path, y->path);
	return c ? c : x < y ? -1 : x > y;
}

/* A path written twice in one file is one directory: its visits add up,
 * into its first entry, and the later ones are emptied (path ""). */
static void combine_duplicates(struct import_list *list)
{
	struct import_entry **by = xcalloc(list->n + 1, sizeof(*by));
	size_t i, first = 0;

	for (i = 0; i < list->n; i++)
		by[i] = &list->v[i];
	qsort(by, list->n, sizeof(*by), cmp_entry);
	for (i = 1; i < list->n; i++) {
		if (strcmp(by[i]->path, by[first]->path)) {
			first = i;
			continue;
		}
		by[first]->rank += by[i]->rank;
		if (by[i]->last > by[first]->last)
			by[first]->last = by[i]->last;
		by[i]->path[0] = '\0';
	}
	free(by);
}

/* The format of `import`: --from's; -0 reads what `mcd export -0` writes
 * (so with --from mcd or alone). Returns it, or -1 after a usage message. */
static int import_format(const struct args *a)
{
	const char *from = args_get(a, OPT_FROM);
	struct buf names = BUF_INIT;
	int fmt = from ? import_format_from_name(from) : -1;

	if (args_has(a, '0') && (!from || fmt == IMPORT_MCD || fmt == IMPORT_MCD_NUL))
		return IMPORT_MCD_NUL;
	if (args_has(a, '0'))
		return cli_usage("import: -0 reads 'mcd export -0' output: not with --from %s",
		                 quote_for_humans(from)),
		       -1;
	if (fmt >= 0)
		return fmt;
	choices_join(&names, import_format_names);
	cli_usage("import: which format? use --from FORMAT (%s)", names.data);
	buf_release(&names);
	return -1;
}

int cmd_import(const struct args *a)
{
	const char *file = a->argc ? a->argv[0] : NULL;
	struct import_list list = IMPORT_LIST_INIT;
	struct buf text = BUF_INIT, source = BUF_INIT, one = BUF_INIT;
	struct history_merge_stats st;
	const char **paths = NULL, **keys;
	char **spelled = NULL;
	double *ranks = NULL;
	int64_t *lasts = NULL;
	size_t i, n = 0, gone = 0;
	struct db db;
	int fmt, ret = EXIT_ERROR;

	fmt = import_format(a);
	if (fmt < 0)
		return EXIT_USAGE;
	if (!file && (fmt == IMPORT_MCD || fmt == IMPORT_MCD_NUL))
		return cli_usage(
		    "import: --from %s reads a FILE: give one, or '-' for standard input",
		    import_format_name((enum import_format)fmt));
	if (read_source((enum import_format)fmt, file, &text, &source) < 0)
		goto out;
	import_parse((enum import_format)fmt, text.data ? text.data : "", text.len, cli_now(),
	             &list);
	combine_duplicates(&list);

	paths = xcalloc(list.n + 1, sizeof(*paths));
	ranks = xcalloc(list.n + 1, sizeof(*ranks));
	lasts = xcalloc(list.n + 1, sizeof(*lasts));
	for (i = 0; i < list.n; i++) {
		const struct import_entry *e = &list.v[i];
		if (!e->path[0])
			continue; /* written before: added to that entry */
		/* only what is still a directory, and not excluded */
		if (!is_directory(e->path) || exclude_match(e->path)) {
			gone++;
			continue;
		}
		paths[n] = e->path;
		ranks[n] = e->rank;
		lasts[n] = e->last;
		n++;
	}
	if (db_open_default(&db) < 0)
		goto out;
	/* in the history, a checkout's paths are spelled from its root as
	   mcd keeps it; what the source gave is remembered by its own paths */
	keys = paths;
	spelled = xcalloc(n + 1, sizeof(*spelled));
	for (i = 0; i < n; i++) {
		if (roots_spell(&db, keys[i], &one) < 0)
			break;
		spelled[i] = xstrdup(one.data);
	}
	if (i == n && history_merge(&db, source.data, keys, (const char *const *)spelled, ranks,
	                            lasts, n, &st) == 0) {
		printf("imported %zu director%s from %s", st.added, st.added == 1 ? "y" : "ies",
		       import_format_name((enum import_format)fmt));
		if (st.unchanged)
			printf("; %zu unchanged since their import from %s", st.unchanged,
			       source_place(source.data));
		printf("; skipped %zu (%zu malformed, %zu gone or excluded)\n", list.skipped + gone,
		       list.skipped, gone);
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	for (i = 0; spelled && i < n; i++)
		free(spelled[i]);
	free(spelled);
	buf_release(&one);
	free(paths);
	free(ranks);
	free(lasts);
	import_list_release(&list);
	buf_release(&text);
	buf_release(&source);
	return ret;
}

int cmd_export(const struct args *a)
{
	struct buf line = BUF_INIT;
	sqlite3_stmt *st;
	struct db db;
	int rc, null = args_has(a, '0'), ret = EXIT_ERROR;
	size_t unwritable = 0;

	if (db_open_default(&db) < 0)
		return EXIT_ERROR;
	st = db_stmt(&db, STMT_VISIT_ALL);
	if (!st)
		goto out;
	/* visits, last visit (epoch seconds), path: tab-separated, one a line */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		char *copy;
		if (!path || len <= 0)
			continue;
		copy = xmemdup(path, (size_t)len);
		buf_setlen(&line, 0);
		if (null)
			import_format_export_nul(&line, copy, sqlite3_column_double(st, 1),
			                         sqlite3_column_int64(st, 2));
		else if (import_format_export(&line, copy, sqlite3_column_double(st, 1),
		                              sqlite3_column_int64(st, 2)) < 0)
			unwritable++; /* a newline in the path: only -0 can carry it */
		fwrite(line.data, 1, line.len, stdout);
		free(copy);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_error(&db, "cannot read history");
	} else {
		ret = EXIT_OK;
		if (unwritable)
			warning("%zu paths hold a newline and were left out: use 'mcd export -0'",
			        unwritable);
	}
out:
	db_close(&db);
	buf_release(&line);
	return ret;
}
