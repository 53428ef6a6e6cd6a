/* cmd_init.c - `mcd init`: print the shell integration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "init.h"
#include "util.h"

int cmd_init(int argc, char **argv)
{
	const char *shell = NULL, *cmd = "mcd", *hook = "pwd";
	struct buf out = BUF_INIT;
	char *bin;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--cmd") && i + 1 < argc)
			cmd = argv[++i];
		else if (!strncmp(argv[i], "--cmd=", 6))
			cmd = argv[i] + 6;
		else if (!strcmp(argv[i], "--hook") && i + 1 < argc)
			hook = argv[++i];
		else if (!strncmp(argv[i], "--hook=", 7))
			hook = argv[i] + 7;
		else if (argv[i][0] == '-')
			return cli_usage("init: unknown option '%s'", quote_for_humans(argv[i]));
		else if (!shell)
			shell = argv[i];
		else
			return cli_usage("init: unexpected argument '%s'", quote_for_humans(argv[i]));
	}
	if (!shell)
		return cli_usage("init: which shell? use 'mcd init bash' or 'mcd init zsh'");
	bin = realpath("/proc/self/exe", NULL);
	if (!bin)
		bin = xstrdup("mcd");
	ret = init_render(shell, cmd, hook, bin, &out);
	free(bin);
	if (ret == 0)
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	return ret == 0 ? EXIT_OK : EXIT_USAGE;
}
