/* picker.h - `mcd -i [KEYWORD...]`: the interactive picker
 *
 * A readline prompt on the terminal (/dev/tty), never on stdout: stdout
 * carries only the chosen absolute path, as `mcd query` prints it, so the
 * shell function takes it the same way. The line starts with the given
 * keywords; above it a numbered list of the best matches. TAB completes the
 * word under the cursor from the ranked candidates (and lists them,
 * numbered); Enter on a listed number takes that entry, Enter on text the
 * best match for it, Enter on an empty line the first listed entry.
 * Ctrl-C cancels with status 130, Ctrl-D on an empty line with 1. Queries
 * are kept in the readline history file picker_history in the data
 * folder, so Up recalls earlier ones.
 *
 * Every call into GNU readline lives in picker.c, so that libedit can be
 * swapped in at build time.
 */
#ifndef MCD_PICKER_H
#define MCD_PICKER_H

#include <stddef.h>

#define PICKER_LIST 9       /* numbered entries shown: one keystroke each */
#define PICKER_HISTORY 1000 /* queries kept in the history file */

/* The entry LINE picks by number among NLISTED listed entries: 0-based,
 * or -1 when LINE (blanks around it aside) is not a number from 1 to
 * NLISTED. */
int picker_number(const char *line, size_t nlisted);

/* `mcd -i [--] [KEYWORD...]`. Returns an exit status: 0 printed a path,
 * 1 no match or Ctrl-D, 2 no terminal, 3 database error, 130 Ctrl-C. */
struct args;
int cmd_picker(const struct args *a);

#endif
