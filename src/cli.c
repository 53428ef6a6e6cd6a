/* cli.c - the binary's commands: parse arguments, call the modules, print */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "exclude.h"
#include "history.h"
#include "index.h"
#include "init.h"
#include "query.h"
#include "rank.h"
#include "repo.h"
#include "roots.h"
#include "score.h"

#ifndef MCD_VERSION
#define MCD_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: mcd <command> [args]\n"
	"\n"
	"  init bash|zsh [--cmd NAME] [--hook pwd|none]\n"
	"                        print the shell integration; add to your rc file:\n"
	"                          eval \"$(mcd init bash)\"\n"
	"  index [DIR]           index or refresh the repository holding DIR\n"
	"  query [-l] [-s] [-n N] [-0] [--] KEYWORD...\n"
	"                        print the best directory for KEYWORDs; -l a ranked\n"
	"                        list, -s with scores, -n at most N, -0 NUL after\n"
	"                        each path; no KEYWORD: the repository root ($HOME\n"
	"                        outside one)\n"
	"  import --from FORMAT [FILE]  merge zoxide, z, autojump or fasd history\n"
	"  export [-0]           print history: visits, last visit, path (tab-separated)\n"
	"  doctor [--repair]     check the database; salvage its history when damaged\n"
	"  add DIR...            record a visit to each DIR\n"
	"  remove DIR...         forget the history of each DIR (--root DIR: a repository)\n"
	"  roots                 list indexed repositories\n"
	"  help [COMMAND]        show this help, or a command's\n"
	"\n"
	"Exit status: 0 success, 1 no match, 2 usage error, 3 database or I/O error.\n"
	"Environment: MCD_DATA_DIR (database folder), XDG_DATA_HOME, MCD_EXCLUDE, NO_COLOR.\n"
	"See mcd(1) for matching rules and the shell integration.\n";

static int usage(const char *fmt, const char *arg)
{
	error(fmt, quote_for_humans(arg));
	return EXIT_USAGE;
}

static const struct {
	const char *name, *text;
} command_help[] = {
	{"init", "usage: mcd init bash|zsh [--cmd NAME] [--hook pwd|none]\n"
		 "Print the shell integration. Add to ~/.bashrc or ~/.zshrc (after compinit):\n"
		 "  eval \"$(mcd init bash)\"\n"
		 "--cmd NAME names the jump function (default mcd); --hook pwd (default)\n"
		 "records every directory reached with cd, --hook none only jumps.\n"},
	{"index", "usage: mcd index [DIR] | mcd index --all\n"
		  "Index or refresh the repository holding DIR (default: the working\n"
		  "directory); --all refreshes every indexed repository.\n"},
	{"query", "usage: mcd query [-l] [-s] [-n N] [-0] [--] KEYWORD...\n"
		  "Print the best directory for KEYWORDs. -l a ranked list, -s with the\n"
		  "match class, score, frecency and why, -n at most N, -0 NUL-terminated.\n"
		  "Without KEYWORD: the repository root ($HOME outside one).\n"},
	{"add", "usage: mcd add [--] DIR...\nRecord a visit to each DIR.\n"},
	{"remove", "usage: mcd remove [--] DIR... | mcd remove --root DIR\n"
		   "Forget the history of each DIR; --root forgets a repository: its\n"
		   "index and the history of every directory in it.\n"},
	{"roots", "usage: mcd roots [-0]\nList indexed repositories: folders, last index, root.\n"},
	{"import", "usage: mcd import --from zoxide|z|autojump|fasd|mcd|mcd0 [FILE|-]\n"
		   "Merge another jumper's history: from FILE, standard input (-), or its\n"
		   "default place (zoxide: 'zoxide query -ls'; z: ~/.z; fasd: ~/.fasd;\n"
		   "autojump: ~/.local/share/autojump/autojump.txt). mcd reads 'mcd export'\n"
		   "output, mcd0 'mcd export -0'. Says how many entries it took and skipped.\n"},
	{"export", "usage: mcd export [-0]\n"
		   "Print the history: visits, last visit (epoch seconds) and path,\n"
		   "tab-separated, one a line (-0: NUL after each).\n"},
	{"doctor", "usage: mcd doctor [--repair]\n"
		   "Check the database (quick_check) and report; --repair moves a damaged\n"
		   "database aside and salvages the history it still holds.\n"},
	{"help", "usage: mcd help [COMMAND]\nShow help for mcd or one command.\n"},
};

/* The help of command NAME, or NULL. */
const char *cli_command_help(const char *name)
{
	size_t i;
	for (i = 0; i < MCD_ARRAY_SIZE(command_help); i++)
		if (!strcmp(command_help[i].name, name))
			return command_help[i].text;
	return NULL;
}

int cmd_help(int argc, char **argv)
{
	const char *text;

	if (argc < 1) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	text = cli_command_help(argv[0]);
	if (!text)
		return usage("help: no command '%s' (see 'mcd --help')", argv[0]);
	fputs(text, stdout);
	return EXIT_OK;
}

int cmd_version(void)
{
	printf("mcd %s\n", MCD_VERSION);
	return EXIT_OK;
}

int cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			error("cannot write output: %s", strerror(errno));
		return status ? status : EXIT_ERROR;
	}
	return status;
}

static int64_t now(void)
{
	return (int64_t)time(NULL);
}

/* Print PATH raw: the shell function takes it byte for byte. */
static void print_path(const char *path, size_t len)
{
	fwrite(path, 1, len, stdout);
	putchar('\n');
}

/* ---- init ---------------------------------------------------------------- */

int cmd_init(int argc, char **argv)
{
	const char *shell = NULL, *cmd = "mcd", *hook = "pwd";
	struct buf out = BUF_INIT;
	char *bin;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--cmd") && i + 1 < argc)
			cmd = argv[++i];
		else if (!strncmp(argv[i], "--cmd=", 6))
			cmd = argv[i] + 6;
		else if (!strcmp(argv[i], "--hook") && i + 1 < argc)
			hook = argv[++i];
		else if (!strncmp(argv[i], "--hook=", 7))
			hook = argv[i] + 7;
		else if (argv[i][0] == '-')
			return usage("init: unknown option '%s'", argv[i]);
		else if (!shell)
			shell = argv[i];
		else
			return usage("init: unexpected argument '%s'", argv[i]);
	}
	if (!shell)
		return usage("init: which shell? %s", "use 'mcd init bash' or 'mcd init zsh'");
	bin = realpath("/proc/self/exe", NULL);
	if (!bin)
		bin = xstrdup("mcd");
	ret = init_render(shell, cmd, hook, bin, &out);
	free(bin);
	if (ret == 0)
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	return ret == 0 ? EXIT_OK : EXIT_USAGE;
}

/* ---- index --------------------------------------------------------------- */

/* A progress line on the terminal while an index runs: after half a
 * second, folders seen and the rate, updated five times a second. */
struct progress {
	pthread_t thread;
	atomic_int stop;
	int started;
};

static void *progress_loop(void *arg)
{
	struct progress *p = arg;
	struct timespec t0, t, tick = {0, 100 * 1000 * 1000};
	int shown = 0, ticks = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!atomic_load(&p->stop)) {
		nanosleep(&tick, NULL);
		if (++ticks < 5 || ticks % 2 || atomic_load(&p->stop))
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t);
		double secs = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		size_t n = atomic_load_explicit(&index_progress, memory_order_relaxed);
		fprintf(stderr, "\rmcd: indexing: %zu folders, %.0f/s\033[K", n, secs > 0 ? (double)n / secs : 0);
		shown = 1;
	}
	if (shown)
		fputs("\r\033[K", stderr);
	return NULL;
}

static void progress_start(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	atomic_store(&index_progress, 0);
	if (isatty(2) && pthread_create(&p->thread, NULL, progress_loop, p) == 0)
		p->started = 1;
}

static void progress_stop(struct progress *p)
{
	if (!p->started)
		return;
	atomic_store(&p->stop, 1);
	pthread_join(p->thread, NULL);
}

/* `mcd index --all`: refresh every indexed repository still there. */
static int index_all(void)
{
	struct index_stats st;
	struct roots r;
	struct db db;
	size_t k;
	int ret = EXIT_OK;

	if (db_open_default(&db) < 0)
		return EXIT_ERROR;
	if (roots_load(&db, &r) < 0) {
		db_close(&db);
		return EXIT_ERROR;
	}
	for (k = 0; k < r.n; k++) {
		if (!is_directory(r.v[k].path)) {
			warning("'%s' is gone; forget it with 'mcd remove --root'",
				quote_for_humans(r.v[k].path));
			continue;
		}
		struct progress pr;
		int64_t id;
		progress_start(&pr);
		id = index_repo(&db, r.v[k].path, now(), &st);
		progress_stop(&pr);
		if (id < 0)
			ret = EXIT_ERROR;
		else if (isatty(2))
			fprintf(stderr, "mcd: indexed %zu folders in '%s'\n", st.dirs,
				quote_for_humans(r.v[k].path));
	}
	roots_release(&r);
	db_close(&db);
	return ret;
}

int cmd_index(int argc, char **argv)
{
	struct buf cwd = BUF_INIT;
	struct index_stats st;
	struct progress pr;
	int64_t id;
	struct db db;
	char *dir = NULL, *root = NULL;
	int ret = EXIT_ERROR, i = 0;

	if (argc == 1 && !strcmp(argv[0], "--all"))
		return index_all();
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1])
		return usage("index: unknown option '%s'", argv[i]);
	if (argc - i > 1)
		return usage("index: too many arguments: '%s'", argv[i + 1]);
	if (repo_cwd(&cwd) < 0)
		goto out;
	dir = repo_absolute(i < argc ? argv[i] : ".", cwd.data);
	if (!is_directory(dir)) {
		error("not a directory: '%s'", quote_for_humans(dir));
		ret = EXIT_USAGE;
		goto out;
	}
	root = repo_root(dir);
	if (!root) {
		error("'%s' is not in a repository (no .git, .hg, .jj or .mcdroot above it)",
		      quote_for_humans(dir));
		ret = EXIT_USAGE;
		goto out;
	}
	if (db_open_default(&db) < 0)
		goto out;
	progress_start(&pr);
	id = index_repo(&db, root, now(), &st);
	progress_stop(&pr);
	if (id > 0) {
		if (isatty(2))
			fprintf(stderr, "mcd: indexed %zu folders in '%s'\n", st.dirs, quote_for_humans(root));
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free(dir);
	free(root);
	buf_release(&cwd);
	return ret;
}

/* ---- add / remove -------------------------------------------------------- */

/* Make each argument an absolute normalised path; refuse what is not a
 * directory when MUST_EXIST. Returns the number kept in *OUT. */
static int collect_paths(int argc, char **argv, int must_exist, char ***out, int *excluded)
{
	struct buf cwd = BUF_INIT;
	int i, n = 0;

	*out = xcalloc((size_t)argc + 1, sizeof(char *));
	*excluded = 0;
	if (repo_cwd(&cwd) < 0)
		return -1;
	for (i = 0; i < argc; i++) {
		char *p;
		if (!argv[i][0]) {
			error("empty path");
			continue;
		}
		p = repo_absolute(argv[i], cwd.data);
		if (must_exist && exclude_match(p)) {
			free(p); /* MCD_EXCLUDE: never recorded, silently */
			(*excluded)++;
			continue;
		}
		if (must_exist && !is_directory(p)) {
			error("not a directory: '%s'", quote_for_humans(p));
			free(p);
			continue;
		}
		(*out)[n++] = p;
	}
	buf_release(&cwd);
	return n;
}

static void free_paths(char **paths, int n)
{
	int i;
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int skip_dashdash(int *argc, char ***argv, const char *cmd)
{
	if (*argc && !strcmp((*argv)[0], "--")) {
		(*argc)--;
		(*argv)++;
	} else if (*argc && (*argv)[0][0] == '-' && (*argv)[0][1]) {
		error("%s: unknown option '%s' (use '--' before a path starting with '-')", cmd,
		      quote_for_humans((*argv)[0]));
		return -1;
	}
	if (!*argc) {
		error("%s: no directory given", cmd);
		return -1;
	}
	return 0;
}

int cmd_add(int argc, char **argv)
{
	struct db db;
	char **paths;
	int n, excluded, ret = EXIT_ERROR;

	if (skip_dashdash(&argc, &argv, "add") < 0)
		return EXIT_USAGE;
	n = collect_paths(argc, argv, 1, &paths, &excluded);
	if (n < 0)
		goto out;
	if (n == 0) {
		ret = excluded == argc ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (db_open_default(&db) < 0)
		goto out;
	if (history_add(&db, (const char *const *)paths, n, now()) == 0)
		ret = n + excluded == argc ? EXIT_OK : EXIT_USAGE;
	db_close(&db);
out:
	free_paths(paths, n < 0 ? 0 : n);
	return ret;
}

/* `mcd remove --root DIR`: forget a repository, its index and history. */
static int remove_root(const char *arg)
{
	struct buf cwd = BUF_INIT;
	struct db db;
	char *root = NULL;
	int removed, ret = EXIT_ERROR;

	if (repo_cwd(&cwd) < 0)
		return EXIT_ERROR;
	root = repo_absolute(arg, cwd.data);
	if (db_open_default(&db) < 0)
		goto out;
	removed = roots_forget(&db, root);
	if (removed == 0) {
		error("'%s' is not an indexed repository (see 'mcd roots')", quote_for_humans(root));
		ret = EXIT_NOMATCH;
	} else if (removed > 0) {
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free(root);
	buf_release(&cwd);
	return ret;
}

int cmd_remove(int argc, char **argv)
{
	struct db db;
	char **paths;
	int n, removed, excluded, ret = EXIT_ERROR;

	if (argc >= 1 && !strcmp(argv[0], "--root")) {
		if (argc != 2)
			return usage("remove: --root takes one directory%s", "");
		return remove_root(argv[1]);
	}
	if (skip_dashdash(&argc, &argv, "remove") < 0)
		return EXIT_USAGE;
	n = collect_paths(argc, argv, 0, &paths, &excluded);
	if (n <= 0)
		goto out;
	if (db_open_default(&db) < 0)
		goto out;
	removed = history_remove(&db, (const char *const *)paths, n);
	if (removed == 0) {
		error("no history for '%s'", quote_for_humans(paths[0]));
		ret = EXIT_NOMATCH;
	} else if (removed > 0) {
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free_paths(paths, n < 0 ? 0 : n);
	return ret;
}

/* ---- query --------------------------------------------------------------- */

#define QUERY_MAX_KEYWORDS 32 /* more describe no folder: refuse, not scan */
#define MCD_STR_(x) #x
#define MCD_STR(x) MCD_STR_(x)

struct query_opts {
	int list, scores, null, tty;
	long limit;
	char **kw;
	int nkw;
};

/* Fill O from the arguments of `query`. Returns 0, or -1 after a usage
 * message. */
static int parse_query(int argc, char **argv, struct query_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->limit = -1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-l") || !strcmp(a, "--list")) {
			o->list = 1;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--score")) {
			o->scores = 1;
		} else if (!strcmp(a, "-ls") || !strcmp(a, "-sl")) {
			o->list = o->scores = 1;
		} else if (!strcmp(a, "-0") || !strcmp(a, "--null")) {
			o->null = 1;
		} else if (!strcmp(a, "-n") && i + 1 < argc) {
			errno = 0;
			o->limit = strtol(argv[++i], &end, 10);
			if (errno || *end || end == argv[i] || o->limit < 0)
				return usage("query: -n needs a number, not '%s'", argv[i]), -1;
		} else {
			return usage("query: unknown option '%s' (use '--' before a keyword "
				     "starting with '-')", a), -1;
		}
	}
	o->kw = argv + i;
	o->nkw = argc - i;
	o->tty = isatty(1);
	for (int k = 0; k < o->nkw; k++)
		if (!o->kw[k][0])
			return usage("query: empty keyword%s", ""), -1;
	if (o->nkw > QUERY_MAX_KEYWORDS)
		return usage("query: too many keywords (%s at most)", MCD_STR(QUERY_MAX_KEYWORDS)), -1;
	return 0;
}

static const char *class_name(int cls)
{
	static const char *const names[] = {"none", "fuzzy", "substring", "word", "prefix", "exact"};
	return cls >= 0 && cls < (int)MCD_ARRAY_SIZE(names) ? names[cls] : "?";
}

/* One line of `query -s`: why a candidate ranks where it does. */
static void print_scored(const struct cand_set *set, const struct cand *c, const char *path, int header)
{
	static int color = -1;
	const char *dim = "", *bold = "", *off = "";
	char score[32];

	if (color < 0)
		color = color_enabled(1);
	if (color) {
		dim = "\033[2m";
		bold = "\033[1m";
		off = "\033[0m";
	}
	if (header)
		printf("%s%-9s %6s %8s %-7s %-6s %s%s\n", dim, "class", "score", "frecency", "kind",
		       "recent", "path", off);
	if (c->score == SCORE_MAX)
		snprintf(score, sizeof(score), "max");
	else
		snprintf(score, sizeof(score), "%.2f", c->score);
	printf("%-9s %6s %8.2f %-7s %-6s %s%s%s", class_name(c->cls), score, c->frecency,
	       (c->flags & CAND_PROJECT) ? "project" : (c->flags & CAND_TEST) ? "test" : "folder",
	       c->latest ? "last" : c->recent ? "yes" : "-", bold, quote_for_humans(path), off);
	if (c->namelen)
		printf(" %s(%s)%s", dim, quote_for_humans(set->arena.data + c->name), off);
	putchar('\n');
}

/* How many matches a query prints at most. */
static size_t wanted(const struct query_opts *o)
{
	return o->list ? (o->limit < 0 ? (size_t)-1 : (size_t)o->limit) : 1;
}

/* Print the matches of QY's last query that are still directories, as
 * many as O wants. Returns how many were printed, or -1 when the history
 * could not be read. */
static long print_matches(struct query *qy, const struct query_opts *o)
{
	size_t printed = 0, want = wanted(o);
	const struct cand *c;
	const char *path;

	while (printed < want && (c = query_next(qy, &path))) {
		if (o->scores)
			print_scored(query_set(qy), c, path, printed == 0);
		else if (o->null)
			fwrite(path, 1, strlen(path) + 1, stdout); /* with its NUL */
		else if (o->list && o->tty)
			printf("%s\n", quote_for_humans(path)); /* a list for people */
		else
			print_path(path, strlen(path));
		printed++;
	}
	return qy->failed ? -1 : (long)printed;
}

static int print_root(const char *root)
{
	const char *home = getenv("HOME");

	if (!root) {
		if (!home || home[0] != '/')
			return error("not in a repository, and HOME is not set"), EXIT_NOMATCH;
		root = home;
	}
	print_path(root, strlen(root));
	return EXIT_OK;
}

static void join_keywords(const struct query_opts *o, struct buf *out)
{
	int i;
	for (i = 0; i < o->nkw; i++) {
		if (i)
			buf_addch(out, ' ');
		buf_adds(out, o->kw[i]);
	}
}

int cmd_query(int argc, char **argv)
{
	struct query_opts o;
	struct buf cwd = BUF_INIT, words = BUF_INIT;
	struct rank_query q;
	struct query qy;
	struct db db;
	char *root;
	long printed;
	int ret = EXIT_ERROR;

	if (parse_query(argc, argv, &o) < 0)
		return EXIT_USAGE;
	if (repo_cwd(&cwd) < 0)
		return EXIT_ERROR;
	if (!o.nkw && !o.list) {
		root = repo_root(cwd.data);
		ret = print_root(root);
		free(root);
		buf_release(&cwd);
		return ret;
	}
	if (db_open_default(&db) < 0) {
		buf_release(&cwd);
		return EXIT_ERROR;
	}
	rank_query_init(&q, o.kw, (size_t)o.nkw);
	query_open(&qy, QUERY_JUMP, &db, cwd.data, now());
	if (query_find(&qy, &q, wanted(&o)) < 0 || (printed = print_matches(&qy, &o)) < 0)
		goto out;
	if (printed == 0) {
		join_keywords(&o, &words);
		if (o.nkw)
			error("no match for '%s'", quote_for_humans(words.data ? words.data : ""));
		ret = EXIT_NOMATCH;
		goto out;
	}
	ret = EXIT_OK;
out:
	query_close(&qy);
	rank_query_release(&q);
	db_close(&db);
	buf_release(&cwd);
	buf_release(&words);
	return ret;
}
