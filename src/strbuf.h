/* A growable byte buffer, always NUL-terminated after init. */
#ifndef BERTH_SRC_STRBUF_H
#define BERTH_SRC_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *data;  /* NUL-terminated; never NULL after strbuf_init */
    size_t len;  /* bytes used, excluding the terminator */
    size_t cap;  /* bytes allocated */
};

void strbuf_init(struct strbuf *sb);
void strbuf_done(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_append(struct strbuf *sb, const void *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_appendf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the heap string to the caller; sb is left released (init again to reuse). */
char *strbuf_detach(struct strbuf *sb);

#endif
