/* The one sanitiser for untrusted text: see sanitize.h. */
#include "config.h"

#include "sanitize.h"

#include <stdio.h>
#include <string.h>

size_t sanitize_utf8_decode(const char *s, size_t len, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t need;
    unsigned min, c;
    if ((u[0] & 0xE0) == 0xC0) {
        need = 2, min = 0x80, c = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        need = 3, min = 0x800, c = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        need = 4, min = 0x10000, c = u[0] & 0x07;
    } else {
        return 0;
    }
    if (len < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past Unicode are malformed. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return need;
}

/* Code points that change how the terminal or the text behaves. */
static bool is_dangerous(unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F)
        return true; /* C0 controls and DEL */
    if (cp >= 0x80 && cp <= 0x9F)
        return true; /* C1 controls: 0x9B is a one-byte CSI */
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return true; /* bidi embeddings, overrides and isolates */
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return true; /* bidi marks */
    return false;
}

static void append_escape(struct strbuf *out, unsigned cp)
{
    char buf[16];
    switch (cp) {
    case 0x1B:
        strbuf_puts(out, "\\e");
        return;
    case '\n':
        strbuf_puts(out, "\\n");
        return;
    case '\r':
        strbuf_puts(out, "\\r");
        return;
    case '\t':
        strbuf_puts(out, "\\t");
        return;
    default:
        break;
    }
    if (cp < 0x80)
        snprintf(buf, sizeof buf, "\\x%02x", cp);
    else
        snprintf(buf, sizeof buf, "\\u%04x", cp);
    strbuf_puts(out, buf);
}

void sanitize_append(struct strbuf *out, const char *in, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned cp = 0;
        size_t n = sanitize_utf8_decode(in + i, len - i, &cp);
        if (n == 0) {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", (unsigned char)in[i]);
            strbuf_puts(out, buf);
            i++;
            continue;
        }
        if (is_dangerous(cp))
            append_escape(out, cp);
        else
            strbuf_append(out, in + i, n);
        i += n;
    }
}

bool sanitize_is_clean(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned cp = 0;
        size_t n = sanitize_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || is_dangerous(cp))
            return false;
        i += n;
    }
    return true;
}

char *sanitize_dup(const char *in)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (in)
        sanitize_append(&sb, in, strlen(in));
    return strbuf_detach(&sb);
}

size_t sanitize_utf8_encode(unsigned cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if ((cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}
