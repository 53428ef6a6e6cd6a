/* complete.h - TAB completion for the shells: `mcd complete`
 *
 * The shell functions hand the words of the command line to
 * `mcd complete` and get candidates back; the binary decides everything
 * (subcommands, options, local directories, jump targets) so bash and zsh
 * complete alike. The fast path: one process, one read of the database;
 * the targets come from the query pipeline (query.h), so the first TAB in
 * a repository never indexed indexes it, and a miss refreshes the index,
 * as a jump does, silently. Protocol (see cmd_complete()):
 *
 *   mcd complete --shell zsh [--binary] -- WORD... CURRENT
 *     the words after the command name, dequoted by the shell, the word
 *     under the cursor last (maybe empty). Prints NUL-terminated fields,
 *     grouped so that the shell takes each group as one slice of an array,
 *     not in a loop over the candidates (a loop in zsh costs a TAB about
 *     4 us a field): the directives (letters, "-" for none), then the
 *     number of words NW, of jump targets NT and of local directories ND,
 *     in decimal, then NW words, NT targets' INSERT, the same NT targets'
 *     DISPLAY, and ND directories. A candidate is one of
 *       w  a word (subcommand, option, value): insert it and a space
 *       t  a jump target: insert INSERT, list DISPLAY (repository-relative,
 *          control characters escaped)
 *       d  a local directory (INSERT ends in '/'; no space after it)
 *     and the directives are
 *       D  also complete local directories
 *       f  complete file names
 *       p  the keywords typed, then a space and TAB: open the
 *          picker on them (`mcd -i`) and jump to the choice
 *       =  each target's DISPLAY is its INSERT: the DISPLAY group is
 *          left out (zsh then lists the inserts; half the fields to
 *          split and no display array to pass)
 *
 *   mcd complete --shell bash [--binary] [--wordbreaks CHARS] --line TEXT
 *     TEXT is the command line up to the cursor ($COMP_LINE cut at
 *     $COMP_POINT); the binary splits it into words as bash would and
 *     dequotes them. Prints one line of options ("-", or words among
 *     "nospace" and "files"), then one COMPREPLY entry a line, already
 *     quoted for bash and cut after the last word-break character readline
 *     replaces from (so "a:b" completes). Quoted entries never hold a raw
 *     newline.
 *
 *   mcd complete --shell fish [--binary] -- WORD... CURRENT
 *     the words as for zsh (fish's commandline -opc, then the current
 *     token unescaped). Prints NUL-terminated records: first one of
 *     options as for bash ("-", "picker" or "files"), then one candidate
 *     a record, INSERT, or INSERT TAB DESCRIPTION for a jump target (its
 *     repository-relative path, control characters escaped). A record may
 *     hold a newline (fish's string split0 keeps it); a candidate that
 *     holds a tab is left out, as fish would cut it there. Local
 *     directories end in '/', after which fish adds no space.
 *
 * --binary completes the binary's own command line (completions/), where
 * the first word is a subcommand; without it, the jump function's, where
 * the first word is a keyword, a directory, -i, -- or a subcommand. --cd
 * completes for a function that replaces cd (mcd init --cmd cd): no
 * subcommand, the builtin's options then a directory, else local
 * directories first, then jump targets.
 */
#ifndef MCD_COMPLETE_H
#define MCD_COMPLETE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "rank.h"
#include "util.h"

#define COMPLETE_MAX 40 /* targets offered at most: a screenful, best first */

enum complete_kind {
	COMPLETE_WORD = 'w',
	COMPLETE_TARGET = 't',
	COMPLETE_DIR = 'd',
	COMPLETE_DIRS = 'D',   /* directive: the shell completes directories */
	COMPLETE_FILES = 'f',  /* directive: the shell completes files */
	COMPLETE_PICKER = 'p', /* directive: keywords, then a space: open the picker */
};

#define COMPLETE_SAME_DISPLAY '=' /* zsh directive: no DISPLAY group (see above) */

struct complete_item {
	int kind;      /* enum complete_kind */
	char *insert;  /* the text to insert, unquoted */
	char *display; /* the text to list */
};

/* Candidates in the order they are offered. Owns its strings. */
struct complete_list {
	struct complete_item *v;
	size_t n, cap;
};

void complete_list_init(struct complete_list *l);
void complete_list_release(struct complete_list *l);

/* Append an item of KIND: INSERT, listed as DISPLAY (NULL: INSERT); both
 * are copied. */
void complete_add(struct complete_list *l, int kind, const char *insert, const char *display);

/* Is there an item of KIND in L? */
int complete_has(const struct complete_list *l, int kind);

enum complete_mode {
	COMPLETE_FUNCTION, /* the jump function: `mcd bil<TAB>` */
	COMPLETE_BINARY,   /* the binary: `mcd query bil<TAB>` */
	COMPLETE_CD,       /* the jump function as cd: `cd bil<TAB>` */
};

struct complete_ctx {
	enum complete_mode mode;
	struct db *db;   /* NULL: no database (no history, no index) */
	const char *cwd; /* absolute working directory */
	int64_t now;
	size_t max;     /* most targets offered (0: COMPLETE_MAX) */
	int local_dirs; /* bash: list local directories as items, and give
	                   targets their exact insert text only when one item
	                   is offered; else (zsh) emit the COMPLETE_DIRS
	                   directive */
};

/* Is WORD typed as a path (./ ../ / ~, or . and ..): completed as local
 * folders only, never as a jump target? */
int complete_pathlike(const char *word);

/* Complete the last of the N WORDS (the words after the command name,
 * dequoted; WORDS[N-1] is the word under the cursor, maybe empty; N >= 1)
 * into OUT. Jump targets come from the query pipeline (query.h): a
 * repository never indexed is indexed, a miss refreshes the index, as a
 * jump does. Returns 0, or -1 with a message on a database error. */
int complete_words(const struct complete_ctx *ctx, char *const *words, size_t n,
                   struct complete_list *out);

/* Jump targets for KEYWORDS[0..N) (the last one being completed) into
 * OUT, best first, as complete_words() offers them: each with the text
 * that, inserted in place of the last keyword, makes the jump function go
 * to exactly that directory, and its repository-relative path for people.
 * FIRST is set when the last keyword is the function's first argument.
 * Returns the number added, or -1 with a message. */
int complete_targets(const struct complete_ctx *ctx, char *const *keywords, size_t n, int first,
                     struct complete_list *out);

/* Render L for zsh: the directives, the counts, then the groups (see
 * above). In cmd_complete.c, with the command (bashline.c renders for bash). */
void complete_render_zsh(const struct complete_list *l, struct buf *out);

/* Render L for fish: the option record, then the candidates (see above). */
void complete_render_fish(const struct complete_list *l, struct buf *out);

#endif
