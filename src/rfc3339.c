/* RFC 3339 timestamps: see rfc3339.h. */
#include "config.h"

#include "rfc3339.h"

#include <string.h>
#include <time.h>

/* The n-digit number at s[at], or -1 when it is not all digits or runs
 * past len. */
static int digits(const char *s, size_t len, size_t at, size_t n)
{
    int v = 0;
    if (at + n > len)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[at + i] < '0' || s[at + i] > '9')
            return -1;
        v = v * 10 + (s[at + i] - '0');
    }
    return v;
}

int64_t rfc3339_parse_ns(const char *s, size_t len, size_t *used)
{
    int Y = digits(s, len, 0, 4), M = digits(s, len, 5, 2), D = digits(s, len, 8, 2);
    int h = digits(s, len, 11, 2), m = digits(s, len, 14, 2), sec = digits(s, len, 17, 2);
    if (Y < 0 || M < 1 || D < 1 || h < 0 || m < 0 || sec < 0 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return 0;
    size_t i = 19;
    int64_t frac = 0;
    if (i < len && s[i] == '.') {
        int nd = 0;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (nd < 9) {
                frac = frac * 10 + (s[i] - '0');
                nd++;
            }
            i++;
        }
        if (nd == 0)
            return 0;
        while (nd++ < 9)
            frac *= 10;
    }
    long off = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        int oh = digits(s, len, i + 1, 2), om = digits(s, len, i + 4, 2);
        if (oh < 0 || om < 0 || s[i + 3] != ':')
            return 0;
        off = (oh * 60L + om) * 60L * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return 0;
    }
    struct tm tm = {.tm_year = Y - 1900,
                    .tm_mon = M - 1,
                    .tm_mday = D,
                    .tm_hour = h,
                    .tm_min = m,
                    .tm_sec = sec};
    time_t t = timegm(&tm);
    if (used)
        *used = i;
    return ((int64_t)t - off) * 1000000000LL + frac;
}

double rfc3339_seconds(const char *s)
{
    if (!s)
        return 0.0;
    size_t len = strlen(s);
    /* Years before 1970 (the engine's zero time is year 1) mean "never". */
    if (digits(s, len, 0, 4) < 1970)
        return 0.0;
    size_t used = 0;
    int64_t ns = rfc3339_parse_ns(s, len, &used);
    if (used == 0)
        return 0.0;
    return (double)(ns / 1000000000LL) + (double)(ns % 1000000000LL) / 1e9;
}
