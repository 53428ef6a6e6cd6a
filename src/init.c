/* init.c - render the embedded shell scripts */
#include "init.h"

#include <string.h>

#include "commands.h"

extern const char mcd_script_bash[];
extern const char mcd_script_zsh[];
extern const char mcd_script_fish[];
extern const char mcd_script_posix[];

/* Names the function may not take: keywords of the shells, and the
 * builtins and commands the scripts call (a function of that name would
 * call itself). cd is not one: --cmd cd replaces it, and the scripts
 * reach the builtin as builtin cd (command cd in POSIX shells). */
static const char *const reserved[] = {
    "alias",       "and",      "begin",    "bind",     "break",    "builtin",   "case",   "command",
    "commandline", "complete", "contains", "continue", "count",    "declare",   "do",     "done",
    "elif",        "else",     "emit",     "end",      "esac",     "eval",      "exec",   "exit",
    "export",      "false",    "fi",       "for",      "function", "functions", "if",     "in",
    "local",       "not",      "or",       "printf",   "read",     "return",    "select", "set",
    "shift",       "source",   "status",   "string",   "switch",   "test",      "then",   "time",
    "trap",        "true",     "typeset",  "unset",    "until",    "while",
};

const char *const init_shells[] = {"bash", "zsh", "fish", "posix", NULL};
const char *const init_hooks[] = {"pwd", "none", NULL};
const char *const init_pickers[] = {"builtin", "fzf", NULL};

int init_valid_name(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n > 64)
		return 0;
	if (!strncmp(name, "__mcd_", 6))
		return 0; /* our helpers: the function would call itself */
	for (i = 0; i < n; i++) {
		char c = name[i];
		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	if (name[0] >= '0' && name[0] <= '9')
		return 0;
	for (i = 0; i < MCD_ARRAY_SIZE(reserved); i++)
		if (!strcmp(name, reserved[i]))
			return 0;
	return 1;
}

/* Append S to OUT single-quoted for fish, where a backslash in single
 * quotes escapes a quote or a backslash. */
static void fish_quote(struct buf *out, const char *s)
{
	buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_addch(out, '\\');
		buf_addch(out, *s);
	}
	buf_addch(out, '\'');
}

void shell_quote(struct buf *out, const char *s)
{
	buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addch(out, *s);
	}
	buf_addch(out, '\'');
}

/* Append the case pattern PATTERN ("a | b") to OUT; for fish, whose case
 * takes words, as words ("a b"). */
static void add_pattern(struct buf *out, const char *pattern, int fish)
{
	for (; *pattern; pattern++) {
		if (fish && !strncmp(pattern, " | ", 3)) {
			buf_addch(out, ' ');
			pattern += 2;
		} else {
			buf_addch(out, *pattern);
		}
	}
}

/* The index of S in the NULL-terminated LIST, or -1. */
static int find(const char *const *list, const char *s)
{
	int i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

int init_render(const char *shell, const char *cmd, const char *hook, const char *picker,
                const char *bin, struct buf *out)
{
	/* in the order of init_shells */
	static const char *const scripts[] = {mcd_script_bash, mcd_script_zsh, mcd_script_fish,
	                                      mcd_script_posix};
	_Static_assert(MCD_ARRAY_SIZE(scripts) + 1 == MCD_ARRAY_SIZE(init_shells),
	               "a script a shell");
	const char *script, *p;
	int i = find(init_shells, shell), fish = !strcmp(shell, "fish"), as_cd = !strcmp(cmd, "cd");
	struct buf words = BUF_INIT;

	if (i < 0)
		return error("unsupported shell '%s'", quote_for_humans(shell));
	script = scripts[i];
	if (!init_valid_name(cmd))
		return error("invalid function name '%s' for --cmd", quote_for_humans(cmd));
	if (find(init_hooks, hook) < 0)
		return error("invalid hook '%s'", quote_for_humans(hook));
	if (find(init_pickers, picker) < 0)
		return error("invalid picker '%s'", quote_for_humans(picker));

	buf_setlen(out, 0);
	for (p = script; *p;) {
		if (!strncmp(p, "@CMD@", 5)) {
			buf_adds(out, cmd);
			p += 5;
		} else if (!strncmp(p, "@BIN@", 5)) {
			(fish ? fish_quote : shell_quote)(out, bin);
			p += 5;
		} else if (!strncmp(p, "@JUMP@", 6)) {
			/* cd keeps every form of the builtin (init.h) */
			buf_adds(out, as_cd ? "__mcd_cd_jump" : "__mcd_jump");
			p += 6;
		} else if (!strncmp(p, "@CDOPT@", 7)) {
			buf_adds(out, as_cd ? " --cd" : "");
			p += 7;
		} else if (!strncmp(p, "@HOOK@", 6)) {
			buf_adds(out, hook);
			p += 6;
		} else if (!strncmp(p, "@PICKER@", 8)) {
			buf_adds(out, picker);
			p += 8;
		} else if (!strncmp(p, "@SUBCOMMANDS@", 13)) {
			buf_setlen(&words, 0);
			jump_passthrough(&words);
			add_pattern(out, words.data, fish);
			p += 13;
		} else {
			buf_addch(out, *p++);
		}
	}
	buf_release(&words);
	return 0;
}
