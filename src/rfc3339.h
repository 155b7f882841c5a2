/* RFC 3339 timestamps as the engine writes them ("2026-11-28T20:54:02.430937917Z",
 * or with a +hh:mm offset): the one parser for inspect times, stats read
 * times, volume creation times and log line prefixes. */
#ifndef BERTH_SRC_RFC3339_H
#define BERTH_SRC_RFC3339_H

#include <stddef.h>
#include <stdint.h>

/* Parse the timestamp at the start of s[0..len) into ns since the epoch
 * (fraction kept to the ns); its length in *used (may be NULL). 0 when s
 * does not start with one. */
int64_t rfc3339_parse_ns(const char *s, size_t len, size_t *used);

/* A NUL-terminated timestamp to unix seconds with fraction. NULL, text
 * that is not one, and the engine's zero time ("0001-01-01T00:00:00Z",
 * anything before 1970) give 0: no usable time. */
double rfc3339_seconds(const char *s);

#endif
