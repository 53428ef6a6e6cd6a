/* exclude.h - MCD_EXCLUDE: directories never indexed nor recorded
 *
 * MCD_EXCLUDE holds globs separated by ':' (as PATH does), matched with
 * fnmatch(3) against absolute paths; '*' matches '/' too, so a star, a
 * slash and "node_modules" excludes every node_modules folder, and "$HOME"
 * keeps the home folder itself out of the history.
 */
#ifndef MCD_EXCLUDE_H
#define MCD_EXCLUDE_H

/* Does the absolute path PATH match one of the globs in SPEC (the value of
 * MCD_EXCLUDE; NULL or empty: none)? */
int exclude_match_spec(const char *spec, const char *path);

/* exclude_match_spec() with $MCD_EXCLUDE. */
int exclude_match(const char *path);

#endif
