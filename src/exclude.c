/* exclude.c - match paths against MCD_EXCLUDE */
#include "exclude.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int exclude_match_spec(const char *spec, const char *path)
{
	char glob[4096];

	while (spec && *spec) {
		const char *end = strchr(spec, ':');
		size_t len = end ? (size_t)(end - spec) : strlen(spec);

		if (len && len < sizeof(glob)) {
			memcpy(glob, spec, len);
			glob[len] = '\0';
			/* a trailing slash in a glob means the same directory */
			while (len > 1 && glob[len - 1] == '/')
				glob[--len] = '\0';
			if (fnmatch(glob, path, 0) == 0)
				return 1;
		}
		spec = end ? end + 1 : NULL;
	}
	return 0;
}

int exclude_match(const char *path)
{
	return exclude_match_spec(getenv("MCD_EXCLUDE"), path);
}
