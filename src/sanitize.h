/* The one sanitiser for untrusted text (names, labels, logs, exec output,
 * engine error messages).
 *
 * Output is valid UTF-8 with no control characters at all: C0 controls,
 * DEL, C1 controls, bidirectional overrides and malformed UTF-8 bytes are
 * replaced by visible escapes (\e, \n, \t, \x07, \u202e...). Nothing from the
 * engine can move the cursor, set the title, write the clipboard or ring the
 * bell. Printable text, including multibyte UTF-8, passes unchanged. */
#ifndef BERTH_SRC_SANITIZE_H
#define BERTH_SRC_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Append the sanitised form of in[0..len) to out. */
void sanitize_append(struct strbuf *out, const char *in, size_t len);

/* Sanitised heap copy of a NUL-terminated string (NULL gives ""). */
char *sanitize_dup(const char *in);

/* True when s needs no escaping at all (fast path for the common case). */
bool sanitize_is_clean(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes at s
 * are not a complete, minimal, valid sequence; *cp receives the code point. */
size_t sanitize_utf8_decode(const char *s, size_t len, unsigned *cp);

/* The UTF-8 bytes of code point cp into out; their count, or 0 for a
 * surrogate or a value beyond U+10FFFF. */
size_t sanitize_utf8_encode(unsigned cp, char out[4]);

#endif
