/* completeutil.h - what the completion tests share: a temporary folder,
 * an in-memory database, visits, a repository indexed, completing a line */
#ifndef MCD_COMPLETEUTIL_H
#define MCD_COMPLETEUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bashline.h"
#include "complete.h"
#include "history.h"
#include "index.h"

#define NOW 1700000000

struct fixture {
	struct db db;
	char dir[64];         /* a temporary folder outside any repository */
	char *saved_data_dir; /* MCD_DATA_DIR before the test changed it */
	int set_data_dir;
};

static inline int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || db_open(&f->db, ":memory:") < 0)
		return -1;
	strcpy(f->dir, "/tmp/mcd-test-complete.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	/* a test that points MCD_DATA_DIR into its folder: restored even
	   when it failed half-way */
	if (f->saved_data_dir)
		setenv("MCD_DATA_DIR", f->saved_data_dir, 1);
	else if (f->set_data_dir)
		unsetenv("MCD_DATA_DIR");
	free(f->saved_data_dir);
	db_close(&f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Create DIR/REL and record N visits to it. */
static inline void visit(struct fixture *f, const char *rel, int n)
{
	char path[512], *p;
	const char *paths[1] = {path};

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (p = path + strlen(f->dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	mkdir(path, 0700);
	while (n--)
		assert_int_equal(history_add(&f->db, paths, 1, NOW), 0);
}

/* Keep the data of the database in F->dir/data (MCD_DATA_DIR is restored
 * by teardown). */
static inline void use_data_dir(struct fixture *f)
{
	char data[600];
	const char *old = getenv("MCD_DATA_DIR");

	snprintf(data, sizeof(data), "%s/data", f->dir);
	f->saved_data_dir = old ? xstrdup(old) : NULL;
	f->set_data_dir = 1;
	setenv("MCD_DATA_DIR", data, 1);
}

/* Index the repository F->dir/repo, its data in F->dir/data, into ROOT
 * (room for 512). */
static inline void index_fixture_repo(struct fixture *f, char *root)
{
	snprintf(root, 512, "%s/repo", f->dir);
	use_data_dir(f);
	assert_true(index_repo(&f->db, root, NOW, NULL) > 0);
}

static inline void ctx_for(struct complete_ctx *ctx, struct fixture *f, enum complete_mode mode)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->mode = mode;
	ctx->db = &f->db;
	ctx->cwd = f->dir;
	ctx->now = NOW;
	ctx->local_dirs = 1;
}

/* Complete the words of LINE (split at spaces) in MODE into L. */
static inline void run(struct fixture *f, enum complete_mode mode, const char *line,
                       struct complete_list *l)
{
	struct complete_ctx ctx;
	struct bash_line ln;

	ctx_for(&ctx, f, mode);
	bash_line_split(line, NULL, &ln);
	complete_list_init(l);
	assert_int_equal(complete_words(&ctx, ln.words, ln.n, l), 0);
	bash_line_release(&ln);
}

#endif
