/* init.h - the shell integration printed by `mcd init` */
#ifndef MCD_INIT_H
#define MCD_INIT_H

#include "util.h"

/* The shells there is an integration for, and the hooks it may install
 * (pwd: record every directory reached, none: only jumps); NULL-terminated. */
extern const char *const init_shells[];
extern const char *const init_hooks[];
/* The pickers of `mcd -i` and of space-TAB: the built-in one, or fzf on
 * the ranked list (when fzf is there). */
extern const char *const init_pickers[];

/* Render the integration for SHELL (one of init_shells) into OUT: the
 * embedded script with @CMD@ replaced by the function name CMD, @BIN@ by
 * the path BIN of this binary single-quoted for the shell, @HOOK@ by HOOK
 * (one of init_hooks), @PICKER@ by PICKER (one of init_pickers),
 * @SUBCOMMANDS@ by the case pattern of the first words the function hands
 * to the binary (jump_passthrough() of commands.h; for fish, words).
 * With CMD "cd" the function replaces cd: every form the builtin takes
 * stays a plain cd, anything else is a jump, and no subcommand passes
 * through; @JUMP@ is the helper the function calls (__mcd_jump, or
 * __mcd_cd_jump for cd) and @CDOPT@ the option that has `mcd complete`
 * complete for cd (" --cd", else empty). Returns 0, or -1 with a message
 * for an unknown shell, an invalid function name, hook or picker. */
int init_render(const char *shell, const char *cmd, const char *hook, const char *picker,
                const char *bin, struct buf *out);

/* Is NAME usable as a shell function name: [A-Za-z_][A-Za-z0-9_]*, at most
 * 64 bytes, and not a shell keyword or builtin we rely on? (cd is.) */
int init_valid_name(const char *name);

/* Append S to OUT single-quoted for POSIX shells. */
void shell_quote(struct buf *out, const char *s);

#endif
