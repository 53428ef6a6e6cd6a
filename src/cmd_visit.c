/* cmd_visit.c - `mcd add` and `mcd remove`: record and forget visits */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "exclude.h"
#include "history.h"
#include "repo.h"
#include "roots.h"
#include "util.h"

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

/* Spell each of the N PATHS as the history keeps it: in a checkout
 * reached through a symlink, from the root mcd keeps it under
 * (roots_spell()). Returns 0 or -1 with a message. */
static int spell_paths(struct db *db, char **paths, int n)
{
	struct buf out = BUF_INIT;
	int i;

	for (i = 0; i < n; i++) {
		if (roots_spell(db, paths[i], &out) < 0) {
			buf_release(&out);
			return -1;
		}
		if (strcmp(out.data, paths[i])) {
			free(paths[i]);
			paths[i] = xstrdup(out.data);
		}
	}
	buf_release(&out);
	return 0;
}

int cmd_add(const struct args *a)
{
	struct db db;
	char **paths;
	int n, excluded, ret = EXIT_ERROR;

	if (!a->argc)
		return cli_usage("add: no directory given");
	n = collect_paths(a->argc, a->argv, 1, &paths, &excluded);
	if (n < 0)
		goto out;
	if (n == 0) {
		ret = excluded == a->argc ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	/* every cd runs this: the file alone, when nobody else has it open */
	if (db_open_data(&db, DB_DATA_ALONE) < 0)
		goto out;
	if (spell_paths(&db, paths, n) == 0 &&
	    history_add(&db, (const char *const *)paths, n, cli_now()) == 0)
		ret = n + excluded == a->argc ? EXIT_OK : EXIT_USAGE;
	db_close(&db);
out:
	free_paths(paths, n < 0 ? 0 : n);
	return ret;
}

/* `mcd remove --root DIR`: forget a repository, its index and history. */
static int remove_root(const char *arg)
{
	struct buf cwd = BUF_INIT, canon = BUF_INIT;
	struct db db;
	char *root = NULL;
	int removed, ret = EXIT_ERROR;

	if (repo_cwd(&cwd) < 0)
		return EXIT_ERROR;
	root = repo_absolute(arg, cwd.data);
	if (db_open_default(&db) < 0)
		goto out;
	/* the root by any path to it */
	removed = roots_resolve(&db, root, &canon) < 0 ? -1 : roots_forget(&db, canon.data);
	if (removed == 0) {
		error("'%s' is not an indexed repository (see 'mcd roots')",
		      quote_for_humans(root));
		ret = EXIT_NOMATCH;
	} else if (removed > 0) {
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free(root);
	buf_release(&cwd);
	buf_release(&canon);
	return ret;
}

int cmd_remove(const struct args *a)
{
	struct db db;
	char **paths;
	int n, removed, excluded, ret = EXIT_ERROR;

	if (args_has(a, OPT_ROOT) && a->argc)
		return cli_usage("remove: --root takes one directory, not '%s' too",
		                 quote_for_humans(a->argv[0]));
	if (args_has(a, OPT_ROOT))
		return remove_root(args_get(a, OPT_ROOT));
	if (!a->argc)
		return cli_usage("remove: no directory given");
	n = collect_paths(a->argc, a->argv, 0, &paths, &excluded);
	if (n <= 0)
		goto out;
	if (db_open_default(&db) < 0)
		goto out;
	removed = spell_paths(&db, paths, n) < 0
	              ? -1
	              : history_remove(&db, (const char *const *)paths, n);
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
