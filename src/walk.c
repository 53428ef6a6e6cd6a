/* walk.c - a depth-first directory walk with relative I/O and gitignore,
 * on one thread or several; each folder is read by dirread.c */
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirread.h"
#include "ignore.h"

#define WALK_MAX_IGNORE_FILE (4 << 20) /* a bigger .gitignore is not one */
/* Expand the tree on the calling thread until there are this many subtrees
 * per worker, or this many levels. */
#define WALK_TASKS_PER_THREAD 4
#define WALK_EXPAND_LEVELS 3

/* An ignore file's text, read once, parsed by every worker that needs it. */
struct igtext {
	char *base;
	struct buf text;
};

/* A subtree to walk: the directory NAME in the open directory PARENT_FD
 * (or, when PARENT_FD is -1, REL relative to the root). IG[0..NIG) are the
 * ignore texts of its ancestors, outermost first. */
struct task {
	size_t rel, len, name; /* offsets into the shared names buffer */
	int parent_fd;
	int depth;
	size_t ig, nig; /* into the shared ignore id array */
};

struct shared {
	int rootfd;
	int greedy; /* getdents64 fills the buffer: a short read is the end */
	unsigned flags;
	walk_fn fn;
	walk_want_fn want;
	void *arg;
	struct igtext *igs; /* 0: global excludes, 1: .git/info/exclude */
	size_t nigs;
	size_t *igids, nigids;
	struct buf names;
	struct task *tasks;
	size_t ntasks;
	atomic_size_t next;
	atomic_int abort;
};

struct walker {
	struct shared *sh;
	int id;
	int fd_budget; /* deeper than this, parents are closed before children open */
	struct ignore ig;
	struct buf rel;
	struct buf text; /* scratch for ignore files */
	struct walk_stats stats;
	int ret;
	char dents[WALK_DENTS] __attribute__((aligned(8))); /* getdents64 buffer */
};

int walk_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > WALK_MAX_THREADS ? WALK_MAX_THREADS : (int)n;
}

static void push_ignore_file(struct walker *w, int dirfd, const char *name, const char *base)
{
	if (read_file_at(dirfd, name, WALK_MAX_IGNORE_FILE, &w->text) == 0)
		ignore_push(&w->ig, base, w->text.data, w->text.len);
	else
		ignore_push(&w->ig, base, "", 0);
}

/* Remember the ignore file NAME in DIRFD as an ignore text of its own. */
static size_t add_igtext(struct shared *sh, int dirfd, const char *name, const char *base)
{
	struct igtext *t;

	sh->igs = xrealloc(sh->igs, (sh->nigs + 1) * sizeof(*sh->igs));
	t = &sh->igs[sh->nigs];
	t->base = xstrdup(base);
	buf_init(&t->text);
	if (read_file_at(dirfd, name, WALK_MAX_IGNORE_FILE, &t->text) < 0)
		buf_setlen(&t->text, 0);
	return sh->nigs++;
}

/* The global excludes file, as git finds it without a core.excludesFile. */
static void add_global_excludes(struct shared *sh)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL;

	if (xdg && xdg[0] == '/')
		path = path_join(xdg, "git/ignore");
	else if (home && home[0] == '/')
		path = path_join(home, ".config/git/ignore");
	add_igtext(sh, AT_FDCWD, path ? path : "", "");
	free(path);
}

/* Set W's ignore stack to the global texts and IDS[0..N). */
static void load_ignores(struct walker *w, const size_t *ids, size_t n)
{
	struct shared *sh = w->sh;
	size_t i;

	ignore_release(&w->ig);
	for (i = 0; i < 2; i++)
		ignore_push(&w->ig, sh->igs[i].base, sh->igs[i].text.data, sh->igs[i].text.len);
	for (i = 0; i < n; i++) {
		const struct igtext *t = &sh->igs[ids[i]];
		ignore_push(&w->ig, t->base, t->text.data, t->text.len);
	}
}

#define WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)

/* Read the directory FD (at w->rel, DEPTH) and hand it to the callback.
 * Returns the callback's answer, or 2 when the directory could not be read
 * (counted). CHILDREN and *HAS_IGNORE come from dirread_entries(). */
static int visit(struct walker *w, int fd, int depth, struct buf *children, size_t *nchildren,
                 int *has_ignore)
{
	struct shared *sh = w->sh;
	struct buf files = BUF_INIT;
	struct walk_dir d;
	struct stat st;
	size_t nfiles = 0;
	int r;

	if (dirread_entries(w->dents, sh->greedy, fd, sh->want, children, nchildren, &files,
	                    &nfiles, has_ignore) < 0 ||
	    ((sh->flags & WALK_MTIME) && fstat(fd, &st) < 0)) {
		w->stats.errors++; /* vanished or unreadable: skip it */
		buf_release(&files);
		return 2;
	}
	d.rel = w->rel.data ? w->rel.data : "";
	d.len = w->rel.len;
	d.fd = fd;
	d.mtime = (sh->flags & WALK_MTIME) ? st.st_mtim.tv_sec : 0;
	d.depth = depth;
	d.files = files.data;
	d.nfiles = nfiles;
	d.worker = w->id;
	d.has_ignore = *has_ignore;
	w->stats.dirs++;
	r = sh->fn(&d, sh->arg);
	buf_release(&files);
	return r;
}

/* Walk the directory open at *FDP. Deeper than the descriptor budget, a
 * directory's descriptor is closed while its children are walked and
 * reopened through ".." afterwards (checked to be the same directory), so
 * neither the number of open descriptors nor PATH_MAX limits the depth.
 * *FDP is the directory's descriptor on return, or -1 when it was lost. */
static int walk_dir(struct walker *w, int *fdp, int depth)
{
	struct buf children = BUF_INIT;
	size_t nchildren = 0, rellen = w->rel.len;
	int fd = *fdp, has_ignore = 0, ret = 0, r, budget = depth >= w->fd_budget;
	struct stat st;
	const char *name;

	r = visit(w, fd, depth, &children, &nchildren, &has_ignore);
	if (r < 0)
		ret = -1;
	if (r || !nchildren)
		goto out;
	if (budget && fstat(fd, &st) < 0) {
		w->stats.errors++;
		goto out;
	}

	if (has_ignore)
		push_ignore_file(w, fd, ".gitignore", w->rel.data);
	for (name = children.data; nchildren--; name += strlen(name) + 1) {
		int child;
		if (atomic_load_explicit(&w->sh->abort, memory_order_relaxed)) {
			ret = -1;
			break;
		}
		if (rellen)
			buf_addch(&w->rel, '/');
		buf_adds(&w->rel, name);
		if (ignore_match(&w->ig, w->rel.data, 1)) {
			w->stats.ignored++;
		} else if ((child = openat(fd, name, WALK_FLAGS)) < 0) {
			w->stats.errors++; /* unreadable, vanished, or now a symlink */
		} else {
			struct stat again;
			if (budget) {
				close(fd);
				fd = -1;
			}
			if (walk_dir(w, &child, depth + 1) < 0)
				ret = -1;
			if (budget) {
				if (child >= 0)
					fd =
					    openat(child, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (fd >= 0 &&
				    (fstat(fd, &again) < 0 || again.st_dev != st.st_dev ||
				     again.st_ino != st.st_ino)) {
					close(fd); /* moved away mid-walk */
					fd = -1;
				}
			}
			if (child >= 0)
				close(child);
			if (fd < 0) {
				w->stats.errors++;
				buf_setlen(&w->rel, rellen);
				break;
			}
		}
		buf_setlen(&w->rel, rellen);
		if (ret < 0)
			break;
	}
	if (has_ignore)
		ignore_pop(&w->ig);
out:
	*fdp = fd;
	buf_release(&children);
	return ret;
}

/* Walk task T: its ignore stack, then the subtree. */
static void run_task(struct walker *w, const struct task *t)
{
	struct shared *sh = w->sh;
	const char *rel = sh->names.data + t->rel;
	int fd;

	load_ignores(w, sh->igids + t->ig, t->nig);
	buf_setlen(&w->rel, 0);
	buf_add(&w->rel, rel, t->len);
	if (ignore_match(&w->ig, w->rel.data, 1)) {
		w->stats.ignored++;
		return;
	}
	if (t->parent_fd >= 0)
		fd = openat(t->parent_fd, sh->names.data + t->name, WALK_FLAGS);
	else
		fd = openat(sh->rootfd, rel, WALK_FLAGS);
	if (fd < 0) {
		w->stats.errors++;
		return;
	}
	if (walk_dir(w, &fd, t->depth) < 0)
		w->ret = -1;
	if (fd >= 0)
		close(fd);
}

static void *worker_main(void *arg)
{
	struct walker *w = arg;
	struct shared *sh = w->sh;

	for (;;) {
		size_t i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->ntasks || atomic_load(&sh->abort))
			break;
		run_task(w, &sh->tasks[i]);
		if (w->ret < 0)
			atomic_store(&sh->abort, 1);
	}
	return NULL;
}

static struct walker *walker_new(struct shared *sh, int id, int budget)
{
	struct walker *w = xcalloc(1, sizeof(*w)); /* holds the 64 KiB getdents buffer */
	w->sh = sh;
	w->id = id;
	w->fd_budget = budget;
	ignore_init(&w->ig);
	return w;
}

static void walker_free(struct walker *w)
{
	ignore_release(&w->ig);
	buf_release(&w->rel);
	buf_release(&w->text);
	free(w);
}

static void add_task(struct shared *sh, const char *rel, size_t len, size_t name, int parent_fd,
                     int depth, size_t ig, size_t nig)
{
	struct task *t;

	sh->tasks = xrealloc(sh->tasks, (sh->ntasks + 1) * sizeof(*sh->tasks));
	t = &sh->tasks[sh->ntasks++];
	t->rel = sh->names.len;
	t->len = len;
	buf_add(&sh->names, rel, len);
	buf_addch(&sh->names, '\0');
	t->name = t->rel + name;
	t->parent_fd = parent_fd;
	t->depth = depth;
	t->ig = ig;
	t->nig = nig;
}

/* Append the ignore ids sh->igids[FROM..FROM+N) and then ID (when not
 * (size_t)-1) to sh->igids; returns where the copy starts. */
static size_t push_ids(struct shared *sh, size_t from, size_t n, size_t id)
{
	size_t at = sh->nigids;

	sh->igids = xrealloc(sh->igids, (at + n + 1) * sizeof(*sh->igids));
	memmove(sh->igids + at, sh->igids + from, n * sizeof(*sh->igids));
	sh->nigids = at + n;
	if (id != (size_t)-1)
		sh->igids[sh->nigids++] = id;
	return at;
}

/* One directory the calling thread has read: its descriptor stays open
 * for the subtrees below it. */
struct node {
	size_t rel, len; /* into names */
	int fd;
	int depth;
	size_t ig, nig;
};

/* Read the top of the tree on the calling thread (walker W0) into tasks:
 * the root, then while there are fewer subtrees than WALK_TASKS_PER_THREAD
 * per worker, one more level. Descriptors to close go to *FDS. */
static int expand(struct shared *sh, struct walker *w0, int nthreads, int **fds, size_t *nfds)
{
	struct node *level = xcalloc(1, sizeof(*level)), *next = NULL;
	size_t nlevel = 1, nnext = 0, i, names_len;
	struct buf children = BUF_INIT, rel = BUF_INIT;
	int depth, ret = 0;

	level[0].fd = sh->rootfd;
	level[0].ig = 0;
	level[0].nig = 0;
	buf_addch(&sh->names, '\0');
	level[0].rel = 0;
	for (depth = 0;; depth++) {
		/* the children of this level are next level's nodes or tasks */
		int last = depth + 1 >= WALK_EXPAND_LEVELS;
		for (i = 0; i < nlevel && !ret; i++) {
			struct node *n = &level[i];
			size_t nchildren = 0, ig = n->ig, nig = n->nig;
			int has_ignore = 0, r;
			const char *name;

			buf_setlen(&w0->rel, 0);
			buf_add(&w0->rel, sh->names.data + n->rel, n->len);
			buf_setlen(&children, 0);
			r = visit(w0, n->fd, n->depth, &children, &nchildren, &has_ignore);
			if (r < 0) {
				ret = -1;
				break;
			}
			if (r)
				continue;
			if (has_ignore) {
				size_t id = add_igtext(sh, n->fd, ".gitignore", w0->rel.data);
				ig = push_ids(sh, n->ig, n->nig, id);
				nig = n->nig + 1;
			}
			load_ignores(w0, sh->igids + ig, nig);
			for (name = children.data; nchildren--; name += strlen(name) + 1) {
				buf_setlen(&rel, 0);
				buf_add(&rel, w0->rel.data, w0->rel.len);
				if (rel.len)
					buf_addch(&rel, '/');
				buf_adds(&rel, name);
				if (ignore_match(&w0->ig, rel.data, 1)) {
					w0->stats.ignored++;
					continue;
				}
				next = xrealloc(next, (nnext + 1) * sizeof(*next));
				next[nnext].rel = sh->names.len;
				next[nnext].len = rel.len;
				buf_add(&sh->names, rel.data, rel.len + 1);
				next[nnext].fd = n->fd;
				next[nnext].depth = n->depth + 1;
				next[nnext].ig = ig;
				next[nnext].nig = nig;
				nnext++;
			}
		}
		if (ret || !nnext)
			break;
		if (last || nnext >= (size_t)(WALK_TASKS_PER_THREAD * nthreads))
			break;
		/* few subtrees: open them and read one more level here */
		names_len = 0;
		for (i = 0; i < nnext; i++) {
			const char *r = sh->names.data + next[i].rel;
			const char *slash = memrchr(r, '/', next[i].len);
			int fd = openat(next[i].fd, slash ? slash + 1 : r, WALK_FLAGS);
			if (fd < 0) {
				w0->stats.errors++;
				continue;
			}
			*fds = xrealloc(*fds, (*nfds + 1) * sizeof(**fds));
			(*fds)[(*nfds)++] = fd;
			next[names_len] = next[i];
			next[names_len++].fd = fd;
		}
		free(level);
		level = next;
		nlevel = names_len;
		next = NULL;
		nnext = 0;
	}
	/* what is left unread becomes the workers' tasks */
	for (i = 0; i < nnext && !ret; i++) {
		const char *r = sh->names.data + next[i].rel;
		const char *slash = memrchr(r, '/', next[i].len);
		size_t name = slash ? (size_t)(slash + 1 - r) : 0;
		buf_setlen(&rel, 0);
		buf_add(&rel, r, next[i].len);
		add_task(sh, rel.data, rel.len, name, next[i].fd, next[i].depth, next[i].ig,
		         next[i].nig);
	}
	free(level);
	free(next);
	buf_release(&children);
	buf_release(&rel);
	return ret;
}

/* Tasks for the caller's subtrees, with their ancestors' ignore files.
 * Subtrees come sorted, so neighbours share ancestors: the ignore files of
 * the previous one's ancestors are reused. */
static void subtree_tasks(struct shared *sh, const char *subtrees, size_t n)
{
	struct buf file = BUF_INIT, prev = BUF_INIT;
	size_t *cache = NULL, ncache = 0,
	       cachecap = 0; /* ignore id per ancestor of PREV, -1: none */
	const char *s = subtrees;
	size_t i;

	for (i = 0; i < n; i++, s += strlen(s) + 1) {
		size_t len = strlen(s), k, nanc = 0, ig = sh->nigids;
		int depth = 1;

		if (!len)
			continue;
		for (k = 0; k < len; k++)
			depth += s[k] == '/';
		/* ancestor j is s[0..k) for k = 0 and each '/' at k */
		for (k = 0; k <= len; k++) {
			size_t id;
			if (k && (k == len || s[k] != '/'))
				continue;
			if (k == len)
				break;
			if (nanc < ncache && (k == 0 || (k < prev.len && prev.data[k] == '/' &&
			                                 !memcmp(prev.data, s, k)))) {
				id = cache[nanc];
			} else {
				char *base = xmemdup(s, k);
				buf_setlen(&file, 0);
				buf_add(&file, s, k);
				if (k)
					buf_addch(&file, '/');
				buf_adds(&file, ".gitignore");
				id = (size_t)-1;
				if (faccessat(sh->rootfd, file.data, F_OK, AT_SYMLINK_NOFOLLOW) ==
				    0)
					id = add_igtext(sh, sh->rootfd, file.data, base);
				free(base);
				ncache = nanc; /* what follows is not shared any more */
			}
			if (nanc == cachecap) {
				cachecap = cachecap ? cachecap * 2 : 16;
				cache = xrealloc(cache, cachecap * sizeof(*cache));
			}
			cache[nanc++] = id;
			if (id != (size_t)-1)
				push_ids(sh, 0, 0, id);
		}
		ncache = nanc;
		buf_setlen(&prev, 0);
		buf_add(&prev, s, len);
		add_task(sh, s, len, 0, -1, depth, ig, sh->nigids - ig);
	}
	free(cache);
	buf_release(&file);
	buf_release(&prev);
}

int walk_tree_opts(const char *root, walk_fn fn, walk_want_fn want, void *arg,
                   const struct walk_opts *opts, struct walk_stats *stats)
{
	struct walk_opts def = {0, 0, NULL, 0};
	struct shared sh;
	struct walker *w[WALK_MAX_THREADS];
	pthread_t tid[WALK_MAX_THREADS];
	struct rlimit rl;
	int nthreads, i, ret = 0, budget, *fds = NULL;
	size_t k, nfds = 0;

	if (!opts)
		opts = &def;
	memset(&sh, 0, sizeof(sh));
	sh.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sh.rootfd < 0)
		return error("cannot open '%s': %s", quote_for_humans(root), strerror(errno));
	nthreads = opts->threads > 0 ? opts->threads : walk_default_threads();
	if (nthreads > WALK_MAX_THREADS)
		nthreads = WALK_MAX_THREADS;
	sh.greedy = dirread_fills_greedily(sh.rootfd);
	sh.flags = opts->flags;
	sh.fn = fn;
	sh.want = want;
	sh.arg = arg;
	atomic_init(&sh.next, 0);
	atomic_init(&sh.abort, 0);
	add_global_excludes(&sh);
	add_igtext(&sh, sh.rootfd, ".git/info/exclude", "");

	/* keep at most half the descriptors for open ancestors, shared out */
	budget = 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)budget * (rlim_t)nthreads > rl.rlim_cur / 2)
		budget = (int)(rl.rlim_cur / 2 / (rlim_t)nthreads) - 4;
	if (budget < 0)
		budget = 0;
	for (i = 0; i < nthreads; i++)
		w[i] = walker_new(&sh, i, budget);

	if (opts->subtrees) {
		subtree_tasks(&sh, opts->subtrees, opts->nsubtrees);
	} else if (nthreads == 1) {
		/* one thread: a plain depth-first walk, root first */
		int fd = sh.rootfd;
		load_ignores(w[0], NULL, 0);
		buf_setlen(&w[0]->rel, 0);
		/* the root's own .gitignore is pushed by walk_dir like any other */
		ret = walk_dir(w[0], &fd, 0);
		sh.rootfd = fd;
		goto done;
	} else {
		ret = expand(&sh, w[0], nthreads, &fds, &nfds);
		if (ret < 0)
			goto done;
	}
	if (nthreads > 1 && sh.ntasks > 1) {
		int started = 1;
		for (i = 1; i < nthreads && (size_t)i < sh.ntasks; i++, started++)
			if (pthread_create(&tid[i], NULL, worker_main, w[i]) != 0)
				break;
		worker_main(w[0]);
		for (i = 1; i < started; i++)
			pthread_join(tid[i], NULL);
	} else {
		worker_main(w[0]);
	}
	for (i = 0; i < nthreads; i++)
		if (w[i]->ret < 0)
			ret = -1;
done:
	if (ret < 0 && !atomic_load(&sh.abort))
		atomic_store(&sh.abort, 1);
	if (stats)
		memset(stats, 0, sizeof(*stats));
	for (i = 0; i < nthreads; i++) {
		if (stats) {
			stats->dirs += w[i]->stats.dirs;
			stats->ignored += w[i]->stats.ignored;
			stats->errors += w[i]->stats.errors;
		}
		walker_free(w[i]);
	}
	for (k = 0; k < nfds; k++)
		close(fds[k]);
	free(fds);
	if (sh.rootfd >= 0)
		close(sh.rootfd);
	for (k = 0; k < sh.nigs; k++) {
		free(sh.igs[k].base);
		buf_release(&sh.igs[k].text);
	}
	free(sh.igs);
	free(sh.igids);
	free(sh.tasks);
	buf_release(&sh.names);
	return ret < 0 ? -1 : 0; /* the callback aborted: it has said why */
}
