/* cmd_index.c - `mcd index`: index or refresh a repository, with a progress line */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "index.h"
#include "repo.h"
#include "roots.h"
#include "util.h"

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
		double secs =
		    (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		size_t n = atomic_load_explicit(&index_progress, memory_order_relaxed);
		fprintf(stderr, "\rmcd: indexing: %zu folders, %.0f/s\033[K", n,
		        secs > 0 ? (double)n / secs : 0);
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
	/* one row per checkout first: an alias indexed on its own would
	   come back as a root */
	if (roots_unify(&db) < 0 || roots_load(&db, &r) < 0) {
		db_close(&db);
		return EXIT_ERROR;
	}
	if (!r.n)
		warning("%s", ROOTS_NONE_YET);
	for (k = 0; k < r.n; k++) {
		if (!is_directory(r.v[k].path)) {
			warning("'%s' is gone; forget it with 'mcd remove --root'",
			        quote_for_humans(r.v[k].path));
			continue;
		}
		struct progress pr;
		int64_t id;
		progress_start(&pr);
		id = index_repo(&db, r.v[k].path, cli_now(), &st);
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

int cmd_index(const struct args *a)
{
	struct buf cwd = BUF_INIT, canon = BUF_INIT;
	struct index_stats st;
	struct progress pr;
	int64_t id;
	struct db db;
	char *dir = NULL, *root = NULL;
	int ret = EXIT_ERROR;

	if (args_has(a, OPT_ALL) && a->argc)
		return cli_usage("index: --all takes no directory: '%s'",
		                 quote_for_humans(a->argv[0]));
	if (args_has(a, OPT_ALL))
		return index_all();
	if (repo_cwd(&cwd) < 0)
		goto out;
	dir = repo_absolute(a->argc ? a->argv[0] : ".", cwd.data);
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
	/* a checkout reached through a symlink: the root mcd keeps it under */
	if (roots_resolve(&db, root, &canon) < 0) {
		db_close(&db);
		goto out;
	}
	progress_start(&pr);
	id = index_repo(&db, canon.data, cli_now(), &st);
	progress_stop(&pr);
	if (id > 0) {
		if (isatty(2))
			fprintf(stderr, "mcd: indexed %zu folders in '%s'\n", st.dirs,
			        quote_for_humans(canon.data));
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free(dir);
	free(root);
	buf_release(&cwd);
	buf_release(&canon);
	return ret;
}
