/* Colour in log lines: SGR sequences (ESC [ ... m) become styles; the rest
 * of the text goes through the one sanitiser (sanitize.h), so every other
 * control or escape sequence (OSC, cursor moves, title, clipboard, bell,
 * C1 controls) is shown escaped and never reaches the terminal.
 *
 * Only a complete, well-formed SGR sequence is taken out of the text; a
 * malformed or truncated one stays in and is escaped like any other. */
#ifndef BERTH_SRC_ANSI_H
#define BERTH_SRC_ANSI_H

#include <stddef.h>

#include "strbuf.h"

enum ansi_attr {
    ANSI_BOLD = 1u << 0,
    ANSI_DIM = 1u << 1,
    ANSI_ITALIC = 1u << 2,
    ANSI_UNDERLINE = 1u << 3,
    ANSI_BLINK = 1u << 4,
    ANSI_REVERSE = 1u << 5,
};

#define ANSI_DEFAULT_COLOUR (-1)

struct ansi_style {
    int fg, bg;     /* 0..255 (xterm palette), or ANSI_DEFAULT_COLOUR */
    unsigned attrs; /* enum ansi_attr bits */
};

void ansi_style_reset(struct ansi_style *st);

/* Walk in[0..len): SGR sequences update *st; each run of text between them
 * is sanitised and handed to emit with the style in force (runs may be
 * empty-free: emit is never called with len 0). */
void ansi_render(const char *in, size_t len, struct ansi_style *st,
                 void (*emit)(void *user, const char *text, size_t len,
                              const struct ansi_style *st),
                 void *user);

/* The text as shown, without styles: SGR removed, the rest sanitised. */
void ansi_plain(struct strbuf *out, const char *in, size_t len);

/* Length of the SGR sequence at in (ESC [ params m), or 0 when in does not
 * start with a complete, well-formed one. Exposed for tests. */
size_t ansi_sgr_length(const char *in, size_t len);

#endif
