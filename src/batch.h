/* berth --batch: print the container table (or JSON) and exit, like top -b.
 *
 * Each iteration lists the containers, fetches stats for every running one
 * concurrently on one engine_streams set (stream=0: the engine takes two
 * samples, so the first iteration already has a true CPU %), and prints.
 * Later iterations take one sample per container and measure CPU % and
 * rates against the previous iteration's samples. */
#ifndef BERTH_SRC_BATCH_H
#define BERTH_SRC_BATCH_H

#include <stdio.h>

#include "endpoint.h"
#include "error.h"
#include "options.h"

/* Run opt->iterations iterations opt->delay seconds apart, writing to out.
 * Returns 0, or -1 with err when the engine cannot be reached or refuses
 * the container list (stats that fail for one container only show "-"). */
int batch_run(const struct options *opt, const struct endpoint *ep, FILE *out,
              struct berth_error *err);

#endif
