/* complete.c - candidates for the shells' TAB completion (the fast path) */
#include "complete.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bashline.h"
#include "args.h"
#include "cli.h"
#include "query.h"
#include "repo.h"

/* ---- the list ------------------------------------------------------------- */

void complete_list_init(struct complete_list *l)
{
	memset(l, 0, sizeof(*l));
}

void complete_list_release(struct complete_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].insert);
		free(l->v[i].display);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void complete_add(struct complete_list *l, int kind, const char *insert, const char *display)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].kind = kind;
	l->v[l->n].insert = xstrdup(insert);
	l->v[l->n].display = xstrdup(display ? display : insert);
	l->n++;
}

int complete_has(const struct complete_list *l, int kind)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == kind)
			return 1;
	return 0;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Add each of the NULL-terminated WORDS that starts with CUR. Returns how
 * many were added. */
static int add_words(struct complete_list *l, const char *const *words, const char *cur)
{
	int added = 0;
	for (; *words; words++) {
		if (starts_with(*words, cur)) {
			complete_add(l, COMPLETE_WORD, *words, NULL);
			added++;
		}
	}
	return added;
}

/* ---- what the command line accepts: the table of commands.h -------------- */

/* Add the names of the commands TAB offers (not the internal ones, not
 * those named like options) that start with CUR. Returns how many. */
static int add_commands(struct complete_list *l, const char *cur)
{
	const struct command *c;
	int added = 0;

	for (c = commands; c->name; c++) {
		if ((c->flags & COMMAND_INTERNAL) || c->name[0] == '-' ||
		    !starts_with(c->name, cur))
			continue;
		complete_add(l, COMPLETE_WORD, c->name, NULL);
		added++;
	}
	return added;
}

/* Add option O's short form ("-l") when SHORT_FORM, else its long form
 * ("--list"), if it has that form and it starts with CUR. Returns 1 when
 * added, else 0. */
static int add_option(struct complete_list *l, const struct command_option *o, int short_form,
                      const char *cur)
{
	char word[64];

	if (short_form && o->key < OPT_CMD)
		snprintf(word, sizeof(word), "-%c", o->key);
	else if (!short_form && o->name)
		snprintf(word, sizeof(word), "--%s", o->name);
	else
		return 0;
	if (!starts_with(word, cur))
		return 0;
	complete_add(l, COMPLETE_WORD, word, NULL);
	return 1;
}

/* Add the forms of the options OPTS (ended by key 0; NULL: none) that
 * start with CUR: the short forms first, then the long ones. Returns how
 * many. */
static int add_options(struct complete_list *l, const struct command_option *opts, const char *cur)
{
	const struct command_option *o;
	int added = 0, short_form;

	for (short_form = 1; short_form >= 0; short_form--)
		for (o = opts; o && o->key; o++)
			added += add_option(l, o, short_form, cur);
	return added;
}

/* ---- local directories --------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The absolute directory the typed directory part DIRPART ("", "a/b/",
 * "~/x/", "/x/") names, relative to CWD. A new string. */
static char *expand_dirpart(const char *dirpart, const char *cwd)
{
	const char *home = getenv("HOME");

	if (!dirpart[0])
		return xstrdup(cwd);
	if (dirpart[0] == '~' && dirpart[1] == '/' && home && home[0] == '/')
		return path_join(home, dirpart + 2);
	return repo_absolute(dirpart, cwd);
}

/* Add the directories whose path starts with CUR, as `cd` completes them:
 * CUR's directory part is kept as typed, each gets a trailing '/'. Hidden
 * ones only when the typed name starts with '.'. Returns how many. */
static int add_local_dirs(struct complete_list *l, const char *cur, const char *cwd)
{
	const char *slash = strrchr(cur, '/');
	size_t dirlen = slash ? (size_t)(slash - cur) + 1 : 0;
	const char *base = cur + dirlen;
	char *dirpart = xmemdup(cur, dirlen), *dir = expand_dirpart(dirpart, cwd);
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct buf path = BUF_INIT, ins = BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		goto out;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (!starts_with(e->d_name, base))
			continue;
		if (e->d_type != DT_DIR) {
			if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
				continue;
			buf_setlen(&path, 0);
			buf_addf(&path, "%s/%s", dir, e->d_name);
			if (!is_directory(path.data))
				continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		buf_setlen(&ins, 0);
		buf_addf(&ins, "%s%s/", dirpart, names[i]);
		complete_add(l, COMPLETE_DIR, ins.data, NULL);
		free(names[i]);
	}
out:
	free(names);
	free(dirpart);
	free(dir);
	buf_release(&path);
	buf_release(&ins);
	return (int)n;
}

/* ---- the command line ------------------------------------------------------ */

int complete_pathlike(const char *word)
{
	return !strncmp(word, "./", 2) || !strncmp(word, "../", 3) || !strcmp(word, ".") ||
	       !strcmp(word, "..") || word[0] == '/' || word[0] == '~';
}

static void dirs(const struct complete_ctx *ctx, const char *cur, struct complete_list *out)
{
	if (ctx->local_dirs)
		add_local_dirs(out, cur, ctx->cwd);
	else
		complete_add(out, COMPLETE_DIRS, "", "");
}

/* Targets after the keywords WORDS[0..N), with local directories for a
 * first word that is not a path-like one. */
static int targets_and_dirs(const struct complete_ctx *ctx, char *const *words, size_t n, int first,
                            struct complete_list *out)
{
	const char *cur = words[n - 1];
	size_t mark = out->n, i, j;
	int ret;

	if (first && n == 1) {
		/* a path being typed (./ ../ / ~) completes as a path only; a
		   name, also one across folders ("registry/et", "@acme/u"),
		   offers the local directories first, then the targets */
		if (complete_pathlike(cur)) {
			dirs(ctx, cur, out);
			return 0;
		}
		if (!ctx->local_dirs)
			complete_add(out, COMPLETE_DIRS, "", "");
		/* listed here too when the shell lists them (zsh): a target
		   that is one of them is not offered twice */
		mark = out->n;
		add_local_dirs(out, cur, ctx->cwd);
	}
	ret = complete_targets(ctx, words, n, first, out) < 0 ? -1 : 0;
	if (ctx->local_dirs)
		return ret;
	for (i = j = mark; i < out->n; i++) {
		if (out->v[i].kind == COMPLETE_DIR) {
			free(out->v[i].insert);
			free(out->v[i].display);
		} else
			out->v[j++] = out->v[i];
	}
	out->n = j;
	return ret;
}

/* A value of KIND (an option's or an operand), CHOICES for VALUE_CHOICE,
 * starting with CUR. Keywords are not done here. */
static void complete_value(const struct complete_ctx *ctx, enum value_kind kind,
                           const char *const *choices, const char *cur, struct complete_list *out)
{
	switch (kind) {
	case VALUE_CHOICE:
		add_words(out, choices, cur);
		break;
	case VALUE_COMMAND:
		add_commands(out, cur);
		break;
	case VALUE_DIR:
		dirs(ctx, cur, out);
		break;
	case VALUE_FILE:
		complete_add(out, COMPLETE_FILES, "", "");
		break;
	default:
		break; /* a number, a string: nothing to offer */
	}
}

/* The arguments of command CMD, named by W[0]: W[1..N), the last being
 * completed, by CMD's row of the table. */
static int complete_subcommand(const struct complete_ctx *ctx, const struct command *cmd,
                               char *const *w, size_t n, struct complete_list *out)
{
	const struct command_option *o;
	const char *cur = w[n - 1];
	size_t i, args = 0, first_kw = 0;
	int dashdash = 0, max = cmd->operands.max;

	for (i = 1; i + 1 < n; i++) {
		if (dashdash || w[i][0] != '-' || !w[i][1]) {
			if (!args++)
				first_kw = i;
		} else if (!strcmp(w[i], "--")) {
			dashdash = 1;
		} else if ((o = args_value_next(cmd, w[i])) != NULL) {
			if (i + 2 == n) {
				/* the word being completed is its value */
				complete_value(ctx, o->value, o->choices, cur, out);
				return 0;
			}
			i++;
		}
	}
	if (!dashdash && cur[0] == '-') {
		add_options(out, cmd->options, cur);
		/* "--" goes before an operand that may start with '-' */
		if ((cmd->operands.kind == VALUE_DIR || cmd->operands.kind == VALUE_KEYWORD) &&
		    starts_with("--", cur))
			complete_add(out, COMPLETE_WORD, "--", NULL);
		/* a keyword may start with '-' too */
		if (cmd->operands.kind != VALUE_KEYWORD || out->n)
			return 0;
	}
	if (cmd->operands.kind == VALUE_NONE || (max && args >= (size_t)max))
		return 0;
	if (cmd->operands.kind == VALUE_KEYWORD) {
		/* the keywords typed so far, the last being completed */
		if (!args)
			first_kw = n - 1;
		return complete_targets(ctx, w + first_kw, n - first_kw, 0, out) < 0 ? -1 : 0;
	}
	complete_value(ctx, cmd->operands.kind, cmd->operands.choices, cur, out);
	return 0;
}

/* Add the words TAB offers for a first word starting with '-' that start
 * with CUR: the jump function's own forms that take keywords, or for the
 * binary its commands named like options, then the program's options
 * (long forms). Returns how many. */
static int add_dash_words(const struct complete_ctx *ctx, const char *cur,
                          struct complete_list *out)
{
	const struct jump_form *f;
	const struct command *c;
	const struct command_option *o;
	int added = 0;

	if (ctx->mode == COMPLETE_FUNCTION) {
		for (f = jump_forms; f->word; f++)
			if (f->keywords && starts_with(f->word, cur) && ++added)
				complete_add(out, COMPLETE_WORD, f->word, NULL);
	} else {
		for (c = commands; c->name; c++)
			if (c->name[0] == '-' && starts_with(c->name, cur) && ++added)
				complete_add(out, COMPLETE_WORD, c->name, NULL);
	}
	for (o = program_options; o->key; o++)
		added += add_option(out, o, 0, cur);
	return added;
}

/* The words of a function that replaces cd (COMPLETE_CD): the builtin's
 * options (-L, -P, -e, -@, --) and then a directory; -i and keywords as
 * the jump function has them; no subcommand. */
static int complete_cd(const struct complete_ctx *ctx, char *const *words, size_t n,
                       struct complete_list *out)
{
	const char *cur = words[n - 1];
	size_t i = 0;

	if (n == 1 && cur[0] == '-')
		return 0; /* the builtin's options: nothing to offer */
	if (!strcmp(words[0], "-i")) {
		if (!cur[0] && n > 2)
			return complete_add(out, COMPLETE_PICKER, "", ""), 0;
		return complete_targets(ctx, words + 1, n - 1, 0, out) < 0 ? -1 : 0;
	}
	if (!strcmp(words[0], "-"))
		return 0; /* back to the previous directory */
	/* the builtin's options, then its operand: a plain cd */
	while (i + 1 < n && words[i][0] == '-' && words[i][1])
		if (!strcmp(words[i++], "--"))
			break;
	if (i > 0) {
		if (i + 1 == n)
			dirs(ctx, cur, out);
		return 0;
	}
	if (n == 1)
		return targets_and_dirs(ctx, words, n, 1, out);
	if (!cur[0])
		return complete_add(out, COMPLETE_PICKER, "", ""), 0;
	return complete_targets(ctx, words, n, 1, out) < 0 ? -1 : 0;
}

int complete_words(const struct complete_ctx *ctx, char *const *words, size_t n,
                   struct complete_list *out)
{
	const char *cur = words[n - 1];
	const struct jump_form *form = NULL;
	const struct command *cmd;

	if (ctx->mode == COMPLETE_CD)
		return complete_cd(ctx, words, n, out);
	if (n == 1) {
		if (ctx->mode == COMPLETE_BINARY) {
			if (cur[0] == '-')
				add_dash_words(ctx, cur, out);
			else
				add_commands(out, cur);
			return 0;
		}
		if (cur[0] == '-' && add_dash_words(ctx, cur, out) > 0)
			return 0;
		if (cur[0] && cur[0] != '-' && add_commands(out, cur) > 0) {
			if (ctx->local_dirs)
				add_local_dirs(out, cur, ctx->cwd);
			else
				complete_add(out, COMPLETE_DIRS, "", "");
			return 0;
		}
		return targets_and_dirs(ctx, words, n, 1, out);
	}
	if (ctx->mode == COMPLETE_FUNCTION)
		form = jump_form_find(words[0]);
	if (form && form->keywords) {
		if (!cur[0] && n > 2)
			return complete_add(out, COMPLETE_PICKER, "", ""), 0;
		return complete_targets(ctx, words + 1, n - 1, 0, out) < 0 ? -1 : 0;
	}
	cmd = command_find(words[0]);
	if (cmd)
		return complete_subcommand(ctx, cmd, words, n, out);
	if (ctx->mode == COMPLETE_BINARY)
		return 0;
	if (words[0][0] == '-' && words[0][1])
		return 0; /* --help, --version take nothing */
	/* "mcd foo<SPACE><TAB>", as zoxide's users have it: the picker */
	if (!cur[0])
		return complete_add(out, COMPLETE_PICKER, "", ""), 0;
	return complete_targets(ctx, words, n, 1, out) < 0 ? -1 : 0;
}
