/* Numbers as docker's command line prints them.
 *
 * docker stats formats through go-units: BytesSize ("%.4g" and binary units,
 * base 1024) for memory, HumanSizeWithPrecision(x, 3) ("%.3g" and decimal
 * units, base 1000) for network and block I/O, and "%.2f%%" for percentages.
 * C's %g and Go's %g agree on these (precision, trailing zeros removed,
 * exponent form from the same threshold), so the strings match byte for byte:
 * 1921024 gives "1.832MiB", 13900073 gives "13.9MB", 999999 gives "1e+03kB". */
#ifndef BERTH_SRC_FORMAT_H
#define BERTH_SRC_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Large enough for any output of the functions below. */
#define FORMAT_NUMBER_MAX 32

/* go-units BytesSize: "%.4g" + B, KiB, MiB, GiB, TiB, PiB, EiB, ZiB, YiB. */
char *format_bytes_binary(char *buf, size_t size, double bytes);

/* go-units HumanSizeWithPrecision(bytes, precision): "%.*g" + B, kB, MB, GB,
 * TB, PB, EB, ZB, YB. docker stats uses precision 3. */
char *format_bytes_decimal(char *buf, size_t size, double bytes, int precision);

/* "%.2f%%". */
char *format_percent(char *buf, size_t size, double percent);

/* How long ago t was at now (unix seconds), short enough for a table
 * column: "12s ago", "5m ago", "3h ago" (to 2 days), "9d ago" (to 60
 * days), "4mo ago"; "-" when t is unknown (0 or less). */
char *format_age(char *buf, size_t size, int64_t now, int64_t t);

#endif
