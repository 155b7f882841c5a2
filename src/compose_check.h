/* `berth compose-check [--format text|json] FILE...` (also spelled
 * `berth --check-compose FILE...`): validate compose files and print the
 * findings, one per line as FILE:LINE:COL: error|warning: message, sorted
 * by position, then a summary line.
 *
 * Exit status: 0 when no file has errors (warnings allowed); 1 when any
 * file has errors or cannot be read (reported like a finding, with the
 * system's reason); 2 on bad usage (no file, unknown option). */
#ifndef BERTH_SRC_COMPOSE_CHECK_H
#define BERTH_SRC_COMPOSE_CHECK_H

#include <stdio.h>

enum {
    COMPOSE_CHECK_OK = 0,
    COMPOSE_CHECK_ERRORS = 1,
    COMPOSE_CHECK_USAGE = 2,
};

/* True when argv[1] names the command, so main() can hand over. */
int compose_check_is_command(int argc, char **argv);

/* Run the command; argv[0] is the command word itself. envp NULL means the
 * process environment (for interpolation). Returns the exit status. */
int compose_check_main(int argc, char **argv, char *const *envp, FILE *out, FILE *err);

#endif
