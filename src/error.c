/* Error values: see error.h. */
#include "config.h"

#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void berth_error_clear(struct berth_error *err)
{
    if (!err)
        return;
    err->kind = BERTH_ERR_NONE;
    err->http_status = 0;
    err->message[0] = '\0';
}

int berth_error_set(struct berth_error *err, enum berth_error_kind kind, long http_status,
                    const char *fmt, ...)
{
    if (!err)
        return -1;
    err->kind = kind;
    err->http_status = http_status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

const char *berth_error_kind_name(enum berth_error_kind kind)
{
    switch (kind) {
    case BERTH_ERR_NONE:
        return "none";
    case BERTH_ERR_CONNECT:
        return "connect";
    case BERTH_ERR_PERMISSION:
        return "permission";
    case BERTH_ERR_TLS:
        return "tls";
    case BERTH_ERR_TIMEOUT:
        return "timeout";
    case BERTH_ERR_HTTP:
        return "http";
    case BERTH_ERR_PROTOCOL:
        return "protocol";
    case BERTH_ERR_CANCELLED:
        return "cancelled";
    case BERTH_ERR_USAGE:
        return "usage";
    case BERTH_ERR_IO:
        return "io";
    }
    return "unknown";
}
