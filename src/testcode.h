/* testcode.h - which folders hold test code
 *
 * Ranking puts code before its tests (DESIGN §4, rule 5): a folder is test
 * code when a component of its repository-relative path is one. The index
 * marks each folder once (SNAP_TEST); a visited folder that is not indexed
 * is checked when it is ranked.
 */
#ifndef MCD_TESTCODE_H
#define MCD_TESTCODE_H

#include <stddef.h>

/* Is a word of COMPONENT (LEN bytes) "test" or "tests", or the whole
 * component one of the names test code lives under (spec, fixtures,
 * __tests__...)? Ranking puts code before its tests; the index marks them
 * once (SNAP_TEST) instead of every query checking every component. */
int testcode_component(const char *comp, size_t len);

/* Is one of the components of PATH[FROM..LEN) test code (FROM starts a
 * component)? */
int testcode_path(const char *path, size_t from, size_t len);

#endif
