/* fuzz_manifest.c - libFuzzer target: every manifest parser over arbitrary bytes
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *       tests/fuzz/fuzz_manifest.c src/manifest.c src/util.c -o /tmp/fuzz_manifest
 *   /tmp/fuzz_manifest -max_total_time=60
 *
 * The bytes are handed over in a block of exactly their size, so reading
 * past the end is caught. A found name must obey the contract.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const files[] = {"package.json", "go.mod",         "Cargo.toml",
	                                    "pom.xml",      "pyproject.toml", "App.csproj",
	                                    "Chart.yaml",   "composer.json",  "BUILD",
	                                    "pubspec.yaml", "setup.cfg",      "setup.py",
	                                    "DESCRIPTION"};
	struct buf name = BUF_INIT;
	size_t i, j;

	if (size > MANIFEST_MAX_SIZE)
		return 0;
	for (i = 0; i < MCD_ARRAY_SIZE(files); i++) {
		enum manifest_kind kind = manifest_kind(files[i]);

		if (manifest_name(kind, files[i], (const char *)data, size, &name)) {
			if (name.len < 1 || name.len > 255 || strlen(name.data) != name.len)
				abort();
			for (j = 0; j < name.len; j++)
				if ((unsigned char)name.data[j] < 0x20 || name.data[j] == 0x7f)
					abort();
		} else if (name.len) {
			abort();
		}
	}
	buf_release(&name);
	return 0;
}
