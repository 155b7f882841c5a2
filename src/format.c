/* docker's size units and percentages: see format.h. */
#include "config.h"

#include "format.h"

#include <stdio.h>

static const char *const format_binary_units[] = {"B",   "KiB", "MiB", "GiB", "TiB",
                                                  "PiB", "EiB", "ZiB", "YiB"};
static const char *const format_decimal_units[] = {"B",  "kB", "MB", "GB", "TB",
                                                   "PB", "EB", "ZB", "YB"};
#define FORMAT_NUNITS (sizeof format_binary_units / sizeof format_binary_units[0])

/* go-units getSizeAndUnit: divide while size >= base, up to the last unit. */
static size_t format_scale(double *value, double base)
{
    size_t i = 0;
    while (*value >= base && i < FORMAT_NUNITS - 1) {
        *value /= base;
        i++;
    }
    return i;
}

char *format_bytes_binary(char *buf, size_t size, double bytes)
{
    size_t unit = format_scale(&bytes, 1024.0);
    snprintf(buf, size, "%.4g%s", bytes, format_binary_units[unit]);
    return buf;
}

char *format_bytes_decimal(char *buf, size_t size, double bytes, int precision)
{
    size_t unit = format_scale(&bytes, 1000.0);
    snprintf(buf, size, "%.*g%s", precision, bytes, format_decimal_units[unit]);
    return buf;
}

char *format_percent(char *buf, size_t size, double percent)
{
    snprintf(buf, size, "%.2f%%", percent);
    return buf;
}

char *format_age(char *buf, size_t size, int64_t now, int64_t t)
{
    int64_t d = now - t;
    if (t <= 0)
        snprintf(buf, size, "-");
    else if (d < 60)
        snprintf(buf, size, "%llds ago", (long long)(d > 0 ? d : 0));
    else if (d < 3600)
        snprintf(buf, size, "%lldm ago", (long long)(d / 60));
    else if (d < 2 * 86400)
        snprintf(buf, size, "%lldh ago", (long long)(d / 3600));
    else if (d < 60 * 86400)
        snprintf(buf, size, "%lldd ago", (long long)(d / 86400));
    else
        snprintf(buf, size, "%lldmo ago", (long long)(d / (30 * 86400)));
    return buf;
}
