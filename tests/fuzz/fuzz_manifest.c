/* fuzz_manifest.c - libFuzzer target: every manifest parser over arbitrary bytes
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *       tests/fuzz/fuzz_manifest.c src/manifest*.c src/util.c -o /tmp/fuzz_manifest
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
	struct buf name = BUF_INIT;
	size_t j;
	int k;

	if (size > MANIFEST_MAX_SIZE)
		return 0;
	for (k = MANIFEST_NONE + 1; k < MANIFEST__COUNT; k++) {
		/* every kind; those not named by their contents read the file's name */
		const char *file =
		    manifest_needs_contents(k) ? manifest_file_name(k) : "App.csproj";

		if (manifest_name(k, file, (const char *)data, size, &name)) {
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
