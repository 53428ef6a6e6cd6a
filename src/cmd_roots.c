/* cmd_roots.c - `mcd roots`: list the indexed repositories */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "roots.h"
#include "snapshot.h"
#include "util.h"

static void human_size(char *out, size_t n, uint64_t bytes)
{
	static const char units[] = "BKMGT";
	double v = (double)bytes;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) - 1) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%lluB", (unsigned long long)bytes);
	else
		snprintf(out, n, "%.1f%c", v, units[u]);
}

int cmd_roots(const struct args *a)
{
	struct roots r;
	struct db db;
	int null = args_has(a, '0'), color = color_enabled(1);
	int64_t t = cli_now();
	size_t k;

	if (db_open_default(&db) < 0)
		return EXIT_ERROR;
	/* rows of one checkout, recorded before mcd knew them to be one, are
	   merged here too, not only at their next index */
	if (roots_unify(&db) < 0 || roots_load(&db, &r) < 0) {
		db_close(&db);
		return EXIT_ERROR;
	}
	db_close(&db);
	if (!null && !r.n)
		warning("%s", ROOTS_NONE_YET);
	if (!null && r.n)
		printf("%s%9s  %-14s  %7s  %s%s\n", color ? "\033[2m" : "", "folders", "indexed",
		       "size", "root", color ? "\033[0m" : "");
	for (k = 0; k < r.n; k++) {
		struct buf file = BUF_INIT;
		struct stat st;
		char size[32] = "-";
		int gone = stat(r.v[k].path, &st) < 0;

		if (null) {
			fwrite(r.v[k].path, 1, strlen(r.v[k].path) + 1, stdout);
			continue;
		}
		/* the size of its index on disk */
		if (snapshot_file(r.v[k].path, &file) == 0 && stat(file.data, &st) == 0)
			human_size(size, sizeof(size), (uint64_t)st.st_size);
		buf_release(&file);
		printf("%9lld  %-14s  %7s  %s%s%s%s\n", (long long)r.v[k].ndirs,
		       human_age(r.v[k].indexed_at, t), size, color ? "\033[1m" : "",
		       quote_for_humans(r.v[k].path), color ? "\033[0m" : "",
		       gone ? " (gone)" : "");
	}
	roots_release(&r);
	return EXIT_OK;
}
