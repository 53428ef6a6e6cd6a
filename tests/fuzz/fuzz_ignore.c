/* fuzz_ignore.c - libFuzzer target: gitignore parsing and matching
 *
 * The input is split at its first NUL: before it, the text of an ignore
 * file; after it, paths (one a line) matched against it, as a directory
 * and as a file. Every path is also matched against every line taken as a
 * glob by ignore_wildmatch. Nothing may crash, hang or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t textlen = nul ? (size_t)(nul - text) : size;
	struct ignore ig;
	char *paths, *p, *line, *save = NULL;

	if (size > 1 << 16)
		return 0;
	ignore_init(&ig);
	ignore_push(&ig, "", text, textlen);
	ignore_push(&ig, "sub/dir", text, textlen);
	paths = xmemdup(nul ? nul + 1 : "", nul ? size - textlen - 1 : 0);
	for (p = strtok_r(paths, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		char *globs = xmemdup(text, textlen), *gsave = NULL;
		ignore_match(&ig, p, 1);
		ignore_match(&ig, p, 0);
		for (line = strtok_r(globs, "\n", &gsave); line;
		     line = strtok_r(NULL, "\n", &gsave))
			ignore_wildmatch(line, p);
		free(globs);
	}
	free(paths);
	ignore_pop(&ig);
	ignore_pop(&ig);
	ignore_release(&ig);
	return 0;
}
