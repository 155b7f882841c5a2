/* Base64 (RFC 4648, with padding), for OSC 52 clipboard writes. */
#ifndef BERTH_SRC_BASE64_H
#define BERTH_SRC_BASE64_H

#include <stddef.h>

/* A new heap string holding data in base64. */
char *base64_encode(const void *data, size_t len);
/* Decode base64 text (standard or URL alphabet, padding optional, blanks
 * skipped) into a new NUL-terminated heap buffer, its length in *len.
 * NULL when text holds anything else. */
char *base64_decode(const char *text, size_t *len);

#endif
