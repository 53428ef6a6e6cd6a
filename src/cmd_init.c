/* cmd_init.c - `mcd init`: print the shell integration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "init.h"
#include "util.h"

int cmd_init(const struct args *a)
{
	const char *shell = a->argc ? a->argv[0] : NULL;
	const char *cmd = args_get(a, OPT_CMD) ? args_get(a, OPT_CMD) : "mcd";
	const char *hook = args_get(a, OPT_HOOK) ? args_get(a, OPT_HOOK) : "pwd";
	const char *picker = args_get(a, OPT_PICKER) ? args_get(a, OPT_PICKER) : "builtin";
	struct buf out = BUF_INIT;
	char *bin;
	int ret;

	if (!shell) {
		choices_join(&out, init_shells);
		ret = cli_usage("init: which shell? %s", out.data);
		buf_release(&out);
		return ret;
	}
	if (!init_valid_name(cmd))
		return cli_usage("init: invalid function name '%s' for --cmd",
		                 quote_for_humans(cmd));
	bin = realpath("/proc/self/exe", NULL);
	if (!bin)
		bin = xstrdup("mcd");
	ret = init_render(shell, cmd, hook, picker, bin, &out);
	free(bin);
	if (ret == 0)
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	return ret == 0 ? EXIT_OK : EXIT_USAGE;
}
