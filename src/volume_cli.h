/* `berth volume ...`: volumes from the command line, for scripts.
 *
 *   berth volume ls
 *   berth volume create [--driver D] [--label K=V]... [--opt K=V]... [NAME]
 *   berth volume rm [--force] NAME...
 *   berth volume prune [--label K=V] [--all] [--yes]
 *   berth volume backup VOLUME FILE.tar.gz
 *   berth volume restore FILE.tar.gz VOLUME [--merge|--clear]
 *
 * Every command takes -H/--host URL and --context NAME like berth itself.
 * Exit statuses as berth's: 0 ok, 1 engine error or refusal, 2 usage. */
#ifndef BERTH_SRC_VOLUME_CLI_H
#define BERTH_SRC_VOLUME_CLI_H

#include <stdio.h>

/* True when argv[1] is "volume". */
int volume_cli_is_command(int argc, char **argv);

/* Run it; argv[0] is "volume". */
int volume_cli_main(int argc, char **argv, FILE *out, FILE *errs);

#endif
