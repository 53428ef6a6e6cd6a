/* query.c - the query pipeline: the one freshness policy (see query.h) */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "repo.h"

void query_open(struct query *qy, enum query_mode mode, struct db *db, const char *cwd, int64_t now)
{
	memset(qy, 0, sizeof(*qy));
	qy->mode = mode;
	qy->db = db;
	qy->now = now;
	qy->root = repo_root(cwd);
	cand_set_init(&qy->repo, qy->root);
	cand_set_init(&qy->hist, NULL);
}

void query_close(struct query *qy)
{
	snapshot_close(&qy->snap);
	cand_set_release(&qy->repo);
	cand_set_release(&qy->hist);
	buf_release(&qy->path);
	free(qy->root);
	memset(qy, 0, sizeof(*qy));
}

/* Map the repository's snapshot; a missing or damaged one is an empty
 * index, which a miss refreshes. */
static int open_snapshot(struct query *qy)
{
	snapshot_close(&qy->snap);
	qy->repo_loaded = 0;
	if (snapshot_open_flags(&qy->snap, qy->root, NULL, 0) < 0)
		return -1;
	qy->indexed = 1;
	return 0;
}

/* Walk the repository, or refresh its index, and map the new snapshot. */
static int reindex(struct query *qy)
{
	if (index_repo(qy->db, qy->root, qy->now, NULL) < 0)
		return -1;
	qy->refreshed = 1;
	return open_snapshot(qy);
}

/* The first use of a repository indexes it. */
static int ensure_indexed(struct query *qy)
{
	int64_t id;

	if (qy->indexed || !qy->root || !qy->db)
		return 0;
	id = index_lookup(qy->db, qy->root, NULL);
	if (id < 0)
		return -1;
	if (id == 0)
		return reindex(qy);
	return open_snapshot(qy);
}

/* The repository's candidates for Q: those that could match it, or, for
 * the picker, every one, loaded once for all its queries. */
static int load_repo(struct query *qy, const struct rank_query *q)
{
	const struct rank_query *qs[1] = {q};

	if (qy->mode == QUERY_PICKER && qy->repo_loaded)
		return 0;
	cand_set_release(&qy->repo);
	cand_set_init(&qy->repo, qy->root);
	if (cand_load_repo(&qy->repo, &qy->snap, qy->db, qy->now, qs,
	                   qy->mode == QUERY_PICKER ? 0 : 1) < 0)
		return -1;
	qy->repo_loaded = 1;
	return 0;
}

/* Is there no first match, or is it gone from the disk? */
static int best_is_gone(struct query *qy)
{
	if (!qy->n)
		return 1;
	cand_abspath(&qy->repo, &qy->repo.v[0], &qy->path);
	return !is_directory(qy->path.data);
}

int query_find(struct query *qy, const struct rank_query *q, size_t want)
{
	qy->q = q;
	qy->want = want;
	qy->set = &qy->repo;
	qy->n = qy->sorted = qy->at = qy->yielded = 0;
	qy->failed = 0;
	if (ensure_indexed(qy) < 0)
		return -1;
	while (qy->indexed) {
		if (load_repo(qy, q) < 0)
			return -1;
		qy->n = rank_run_best(q, &qy->repo, want);
		qy->sorted = want ? want : qy->n;
		if (qy->refreshed || !best_is_gone(qy))
			break;
		/* nothing matched, or the best is gone: the tree changed */
		if (reindex(qy) < 0)
			return -1;
	}
	return 0;
}

/* Rank the history from everywhere for the last query. */
static int start_history(struct query *qy)
{
	if (!qy->hist_loaded) {
		if (cand_load_history(&qy->hist, qy->db, qy->now) < 0)
			return -1;
		qy->hist_loaded = 1;
	}
	qy->set = &qy->hist;
	qy->n = qy->sorted = rank_run(qy->q, &qy->hist);
	qy->at = 0;
	return 0;
}

const struct cand *query_next(struct query *qy, const char **abs)
{
	for (;;) {
		if (qy->set && qy->at < qy->n) {
			size_t i = qy->at++;
			const struct cand *c;

			if (i == qy->sorted)
				rank_sort_rest(qy->set, i, qy->n); /* past folders gone since */
			c = &qy->set->v[i];
			cand_abspath(qy->set, c, &qy->path);
			if (!is_directory(qy->path.data))
				continue; /* a deleted directory is never offered */
			qy->yielded++;
			if (abs)
				*abs = qy->path.data;
			return c;
		}
		/* nothing here: history from everywhere */
		if (!qy->set || qy->set == &qy->hist || qy->yielded || !qy->db)
			return NULL;
		if (start_history(qy) < 0) {
			qy->failed = 1;
			qy->set = NULL;
			return NULL;
		}
	}
}
