/* query.c - the query pipeline: the one freshness policy (see query.h) */
#include "query.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "index.h"
#include "repo.h"
#include "roots.h"

enum {
	PHASE_ELSEWHERE, /* visited folders elsewhere that match as names */
	PHASE_REPO,      /* the repository's matches */
	PHASE_HISTORY,   /* nothing here: history from everywhere */
	PHASE_DONE,
};

void query_open(struct query *qy, enum query_mode mode, struct db *db, const char *cwd, int64_t now)
{
	memset(qy, 0, sizeof(*qy));
	qy->mode = mode;
	qy->db = db;
	qy->now = now;
	qy->cwd = xstrdup(cwd);
	qy->root = repo_root(cwd);
	if (qy->root) {
		/* the repository as mcd keeps it: where a checkout entered
		   through a symlink has its index and its history */
		struct buf canon = BUF_INIT;
		if (db && roots_resolve(db, qy->root, &canon) > 0)
			qy->canon = xstrdup(canon.data);
		else
			qy->canon = xstrdup(qy->root);
		buf_release(&canon);
	}
	cand_set_init(&qy->repo, qy->canon);
	cand_set_init(&qy->hist, NULL);
	/* the history spells the repository's paths from CANON */
	if (qy->root && repo_respell(cwd, strlen(cwd), qy->root, qy->canon, &qy->path))
		cand_set_where(&qy->hist, qy->path.data, qy->path.len, -1);
	else
		cand_set_where(&qy->hist, cwd, strlen(cwd), -1);
}

void query_close(struct query *qy)
{
	snapshot_close(&qy->snap);
	cand_set_release(&qy->repo);
	cand_set_release(&qy->hist);
	buf_release(&qy->path);
	buf_release(&qy->spelled);
	free(qy->root);
	free(qy->canon);
	free(qy->cwd);
	memset(qy, 0, sizeof(*qy));
}

/* The length of the path of the project the working directory REL (LEN
 * bytes, relative to the root) is in, by the snapshot S: its nearest
 * ancestor, or itself, that holds a manifest, the root aside; -1 none. */
static long cwd_project(const struct snapshot *s, const char *rel, size_t len)
{
	while (len) {
		uint32_t i = snapshot_find(s, rel, len);
		const char *slash;

		if (i != SNAP_NONE && (s->v[i].flags & SNAP_PROJECT))
			return (long)len;
		slash = memrchr(rel, '/', len);
		len = slash ? (size_t)(slash - rel) : 0;
	}
	return -1;
}

/* Tell the repository's candidates where the user stands. */
static void place(struct query *qy)
{
	size_t rootlen = strlen(qy->root);
	const char *rel = qy->cwd + rootlen;

	if (rootlen == 1)
		rel = qy->cwd; /* the root is "/" */
	if (*rel == '/')
		rel++;
	cand_set_where(&qy->repo, rel, strlen(rel), cwd_project(&qy->snap, rel, strlen(rel)));
}

/* Map the repository's snapshot; a missing or damaged one is an empty
 * index, which a miss refreshes. */
static int open_snapshot(struct query *qy)
{
	snapshot_close(&qy->snap);
	qy->repo_loaded = 0;
	if (snapshot_open_flags(&qy->snap, qy->canon, NULL, 0) < 0)
		return -1;
	qy->indexed = 1;
	return 0;
}

/* Walk the repository, or refresh its index, and map the new snapshot. */
static int reindex(struct query *qy)
{
	if (index_repo(qy->db, qy->canon, qy->now, NULL) < 0)
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
	id = index_lookup(qy->db, qy->canon, NULL);
	if (id < 0)
		return -1;
	if (id == 0)
		return reindex(qy);
	return open_snapshot(qy);
}

/* The repository's candidates for Q: those that could match it (with
 * TYPOS, also those one edit from it), or, for the picker, every one,
 * loaded once for all its queries. BEST: only what can be among the best
 * WANT of one keyword, when that is less (cand_load_best()). */
static int load_repo(struct query *qy, const struct rank_query *q, int typos, int best, size_t want)
{
	const struct rank_query *qs[1] = {q};
	int r;

	if (qy->mode == QUERY_PICKER && qy->repo_loaded)
		return 0;
	cand_set_release(&qy->repo);
	cand_set_init(&qy->repo, qy->canon);
	place(qy);
	qy->best = 0;
	if (best && !typos && qy->mode != QUERY_PICKER) {
		r = cand_load_best(&qy->repo, &qy->snap, qy->db, qy->now, q, want);
		if (r < 0)
			return -1;
		qy->best = r;
	}
	if (!qy->best &&
	    cand_load_repo(&qy->repo, &qy->snap, qy->db, qy->now, qs,
	                   qy->mode == QUERY_PICKER ? 0 : 1, typos ? CAND_LOAD_TYPOS : 0) < 0)
		return -1;
	qy->repo_loaded = 1;
	return 0;
}

/* How many of the first matches of a set cand_load_best() loaded are the
 * repository's first: each strong match among the best by prekey beats
 * every folder left out, unless a project answers for it (DESIGN §4) or
 * it is where the user stands; as many as there are such. */
static size_t best_sure(const struct cand_set *set, size_t n)
{
	size_t i, sure = 0;

	for (i = 0; i < n; i++) {
		const struct cand *c = &set->v[i];
		sure += (c->flags & CAND_ABOVE) && c->cls >= MATCH_WORD &&
		        !(c->flags & (CAND_DEFERRED | CAND_CWD)) && c->len;
	}
	return sure;
}

/* Rank the repository's candidates for Q, the best WANT (0: all) in
 * order: on what can be among them when that is enough, else on all. */
static int rank_repo(struct query *qy, const struct rank_query *q, int typos, size_t want)
{
	if (load_repo(qy, q, typos, want != 0, want) < 0)
		return -1;
	qy->rn = rank_run_best(q, &qy->repo, want);
	qy->rsorted = want ? want : qy->rn;
	if (qy->best) {
		qy->sure = best_sure(&qy->repo, qy->rn);
		if (qy->sure >= want)
			return 0;
		/* too many deferred: the whole scan */
		if (load_repo(qy, q, typos, 0, want) < 0)
			return -1;
		qy->rn = rank_run_best(q, &qy->repo, want);
		qy->rsorted = want ? want : qy->rn;
	}
	return 0;
}

/* Is the best match here gone from the disk, or only weak: a substring,
 * a typo, letters scattered (or none)? The tree may have changed. */
static int best_is_stale(struct query *qy, const struct rank_query *q)
{
	const struct cand *best;

	if (!qy->rn)
		return 1;
	best = &qy->repo.v[0];
	if (q->n && best->cls < MATCH_WORD)
		return 1;
	cand_abspath(&qy->repo, best, &qy->path);
	return !is_directory(qy->path.data);
}

/* Rank the history from everywhere for the last query, once. */
static int rank_history(struct query *qy)
{
	if (!qy->hist_loaded) {
		if (cand_load_history(&qy->hist, qy->db, qy->now) < 0)
			return -1;
		qy->hist_loaded = 1;
	}
	if (!qy->hist_ranked) {
		qy->hn = rank_run(qy->q, &qy->hist);
		qy->hist_ranked = 1;
	}
	return 0;
}

/* Is the absolute PATH (LEN bytes), as the history spells it, in the
 * repository of QY? */
static int here(const struct query *qy, const char *path, size_t len)
{
	size_t rootlen = strlen(qy->canon);

	return len >= rootlen && !memcmp(path, qy->canon, rootlen) &&
	       (len == rootlen || path[rootlen] == '/' || rootlen == 1);
}

/* Does history elsewhere hold a strong match (exact, prefix, word)? */
static int strong_elsewhere(const struct query *qy)
{
	size_t i;

	for (i = 0; i < qy->hn && qy->hist.v[i].cls >= MATCH_WORD; i++)
		if (!here(qy, cand_path(&qy->hist, &qy->hist.v[i]), qy->hist.v[i].len))
			return 1;
	return 0;
}

/* Start the iteration at PHASE. */
static void start(struct query *qy, int phase)
{
	qy->phase = phase;
	qy->at = 0;
	if (phase == PHASE_REPO) {
		qy->set = &qy->repo;
		qy->n = qy->rn;
		qy->sorted = qy->rsorted;
	} else if (phase == PHASE_DONE) {
		qy->set = NULL;
		qy->n = qy->sorted = 0;
	} else {
		qy->set = &qy->hist;
		qy->n = qy->sorted = qy->hn;
	}
}

int query_find(struct query *qy, struct rank_query *q, size_t want)
{
	int typos = 0;

	qy->q = q;
	qy->rn = qy->rsorted = qy->yielded = 0;
	qy->hist_ranked = 0;
	qy->failed = 0;
	if (ensure_indexed(qy) < 0)
		return -1;
	while (qy->indexed) {
		if (q->nbefore)
			cand_anchor(q, &qy->snap); /* "pacquet src": folders named so */
		if (rank_repo(qy, q, typos, want) < 0)
			return -1;
		if (!qy->refreshed && best_is_stale(qy, q)) {
			/* the tree may have changed: a folder made since, a
			   target deleted */
			if (reindex(qy) < 0)
				return -1;
			continue;
		}
		if (!typos && qy->mode != QUERY_PICKER && q->n &&
		    (!qy->rn || qy->repo.v[0].cls < MATCH_SUBSTRING) &&
		    q->len[q->n - 1] + 1 >= MATCH_TYPO_MIN) {
			typos = 1; /* letters scattered at best: a typo of a name? */
			qy->repo_loaded = 0;
			continue;
		}
		break;
	}
	start(qy, PHASE_REPO);
	/* a weak match here, a name visited elsewhere: that first */
	if (qy->root && qy->db && q->n && (!qy->rn || qy->repo.v[0].cls < MATCH_WORD)) {
		if (rank_history(qy) < 0)
			return -1;
		if (strong_elsewhere(qy))
			start(qy, PHASE_ELSEWHERE);
	}
	return 0;
}

/* QY->path, the absolute path of a match, spelled from the root the user
 * took when it is in the repository. */
static const char *spelled(struct query *qy)
{
	if (!qy->root || !strcmp(qy->root, qy->canon) ||
	    !repo_respell(qy->path.data, qy->path.len, qy->canon, qy->root, &qy->spelled))
		return qy->path.data;
	return qy->spelled.data;
}

const struct cand *query_next(struct query *qy, const char **abs)
{
	for (;;) {
		if (qy->set && qy->at < qy->n) {
			size_t i = qy->at++;
			const struct cand *c;

			if (qy->phase == PHASE_REPO && qy->best && i >= qy->sure) {
				/* past what the set loaded for the best can tell:
				   all of them, in the same order up to here */
				if (rank_repo(qy, qy->q, 0, 0) < 0) {
					qy->failed = 1;
					start(qy, PHASE_DONE);
					return NULL;
				}
				qy->n = qy->rn;
				qy->sorted = qy->rsorted;
			}
			if (i == qy->sorted) /* past folders gone since: a few more in order */
				qy->sorted = rank_order_more(qy->set, i, qy->n, QUERY_MORE);
			c = &qy->set->v[i];
			if (qy->phase == PHASE_ELSEWHERE) {
				if (c->cls < MATCH_WORD) {
					qy->at = qy->n; /* the rest are weaker */
					continue;
				}
				if (here(qy, cand_path(qy->set, c), c->len))
					continue; /* among the repository's own */
			}
			cand_abspath(qy->set, c, &qy->path);
			if (!is_directory(qy->path.data))
				continue; /* a deleted directory is never offered */
			qy->yielded++;
			if (abs)
				*abs = spelled(qy);
			return c;
		}
		switch (qy->phase) {
		case PHASE_ELSEWHERE:
			start(qy, PHASE_REPO);
			continue;
		case PHASE_REPO:
			/* nothing here: history from everywhere */
			if (qy->yielded || !qy->db) {
				start(qy, PHASE_DONE);
				return NULL;
			}
			if (rank_history(qy) < 0) {
				qy->failed = 1;
				start(qy, PHASE_DONE);
				return NULL;
			}
			start(qy, PHASE_HISTORY);
			continue;
		default:
			start(qy, PHASE_DONE);
			return NULL;
		}
	}
}

/* ---- the refresh in the background -------------------------------------------- */

/* Refresh the index of ROOT in a process of its own, detached: a child
 * in a session of its own, with /dev/null for its standard
 * files and nothing else open, so no shell waits for it, reports it or
 * hears from it. One at a time per repository: it holds a lock on a file
 * beside the snapshot, and gives up when another holds it. */
static void refresh_detached(const char *root)
{
	struct buf lock = BUF_INIT;
	struct db db;
	pid_t pid;
	int fd, max;

	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid != 0)
		return; /* not waited for: this process ends in a moment, and
		           init (or a subreaper) takes the child over */
	if (setsid() < 0)
		_exit(0);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	max = (int)sysconf(_SC_OPEN_MAX);
	for (fd = 3; fd < (max > 0 && max < 65536 ? max : 1024); fd++)
		close(fd); /* the parent's database among them: it is not ours */
	error_set_quiet(1);
	if (setpriority(PRIO_PROCESS, 0, 10) < 0) {
		/* then at the same priority */
	}
	if (snapshot_file(root, &lock) < 0)
		_exit(0);
	buf_adds(&lock, ".lock");
	fd = open(lock.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
		_exit(0); /* another refresh of it is running */
	if (db_open_default(&db) == 0) {
		index_repo(&db, root, (int64_t)time(NULL), NULL);
		db_close(&db);
	}
	_exit(0);
}

void query_refresh_later(struct query *qy)
{
	if (qy->root && qy->db && qy->indexed && !qy->refreshed &&
	    qy->snap.indexed_at + QUERY_STALE_SECONDS < qy->now) {
		/* a fork copies the page tables of what is mapped: the
		   snapshot, read all over by a short keyword, is done with */
		snapshot_close(&qy->snap);
		qy->indexed = 0;
		refresh_detached(qy->canon);
	}
}
