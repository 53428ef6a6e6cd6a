/* testcode.c - which folders hold test code (see testcode.h) */
#include "testcode.h"

#include <strings.h>

#include "util.h"

int testcode_component(const char *comp, size_t len)
{
#define NAME(s)                                                                                    \
	{                                                                                          \
		s, sizeof(s) - 1                                                                   \
	}
	static const struct {
		const char *s;
		size_t len;
	} names[] = {NAME("spec"),     NAME("specs"),        NAME("testdata"),
	             NAME("fixtures"), NAME("__fixtures__"), NAME(".fixtures"),
	             NAME("e2e"),      NAME("__tests__"),    NAME("__mocks__")};
#undef NAME
	size_t i, start = 0;

	for (i = 0; i < MCD_ARRAY_SIZE(names); i++)
		if (names[i].len == len && strncasecmp(comp, names[i].s, len) == 0)
			return 1;
	/* words: split at separators and at lower-to-upper changes */
	for (i = 1; i <= len; i++) {
		int end =
		    i == len || comp[i] == '-' || comp[i] == '_' || comp[i] == '.' ||
		    comp[i] == ' ' ||
		    (comp[i] >= 'A' && comp[i] <= 'Z' && comp[i - 1] >= 'a' && comp[i - 1] <= 'z');
		if (!end)
			continue;
		if ((i - start == 4 || i - start == 5) && (comp[start] | 0x20) == 't' &&
		    strncasecmp(comp + start, "tests", i - start) == 0)
			return 1;
		start = i < len && (comp[i] == '-' || comp[i] == '_' || comp[i] == '.' ||
		                    comp[i] == ' ')
		            ? i + 1
		            : i;
	}
	return 0;
}

int testcode_path(const char *path, size_t from, size_t len)
{
	size_t start = from, i;

	for (i = from; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		if (i > start && testcode_component(path + start, i - start))
			return 1;
		start = i + 1;
	}
	return 0;
}
