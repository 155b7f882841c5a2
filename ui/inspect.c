/* Container actions that open a view or hand the terminal over, and OSC 52
 * clipboard writes (see inspect.h).
 *
 * OSC 52 is written straight to the terminal after curses' frame: tmux
 * passes it on only when wrapped in its DCS passthrough (and then only
 * with allow-passthrough or set-clipboard on), screen likewise, so the
 * status line says the copy may not have reached the clipboard. */
#include "config.h"

#include "ui/inspect.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base64.h"
#include "strbuf.h"
#include "ui/exec.h"
#include "xalloc.h"

unsigned inspect_action(struct ui *ui, enum action_id id, const char *cid)
{
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, cid) : NULL;
    switch (id) {
    case ACTION_EXEC_SHELL:
        exec_shell(ui, cid);
        return UI_REDRAW;
    case ACTION_ATTACH:
        exec_attach(ui, cid);
        return UI_REDRAW;
    case ACTION_TOP:
        top_open(ui, cid);
        return UI_REDRAW;
    case ACTION_INSPECT:
        json_view_open(ui, cid);
        return UI_REDRAW;
    case ACTION_COPY_ID:
        inspect_copy(ui, "id", cid);
        return UI_REDRAW;
    case ACTION_COPY_NAME:
        inspect_copy(ui, "name", sc && sc->c.name ? sc->c.name : cid);
        return UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

enum inspect_osc_wrap inspect_osc_wrap_for(const char *term, const char *tmux)
{
    if (tmux && *tmux)
        return INSPECT_OSC_TMUX;
    if (term && strncmp(term, "tmux", 4) == 0)
        return INSPECT_OSC_TMUX;
    if (term && strncmp(term, "screen", 6) == 0)
        return INSPECT_OSC_SCREEN;
    return INSPECT_OSC_PLAIN;
}

char *inspect_osc52(const char *text, enum inspect_osc_wrap wrap)
{
    char *b64 = base64_encode(text, strlen(text));
    struct strbuf sb;
    strbuf_init(&sb);
    switch (wrap) {
    case INSPECT_OSC_TMUX:
        /* Inside tmux's passthrough every ESC is doubled. */
        strbuf_appendf(&sb, "\033Ptmux;\033\033]52;c;%s\a\033\\", b64);
        break;
    case INSPECT_OSC_SCREEN:
        strbuf_appendf(&sb, "\033P\033]52;c;%s\a\033\\", b64);
        break;
    default:
        strbuf_appendf(&sb, "\033]52;c;%s\a", b64);
        break;
    }
    free(b64);
    return strbuf_detach(&sb);
}

void inspect_copy(struct ui *ui, const char *what, const char *text)
{
    enum inspect_osc_wrap wrap = inspect_osc_wrap_for(getenv("TERM"), getenv("TMUX"));
    char *seq = inspect_osc52(text, wrap);
    /* After curses' own output, so the sequence is not split by it. */
    fflush(stdout);
    size_t len = strlen(seq);
    const char *p = seq;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, p, len);
        if (n <= 0)
            break;
        p += n;
        len -= (size_t)n;
    }
    free(seq);
    const char *note = wrap == INSPECT_OSC_TMUX
                           ? "through tmux: needs set-clipboard on (or allow-passthrough)"
                       : wrap == INSPECT_OSC_SCREEN ? "through screen: the outer terminal must "
                                                      "accept OSC 52"
                                                    : "the terminal must support OSC 52";
    size_t tl = strlen(text);
    ui_status(ui, false, "Copied the %s (%zu bytes) with OSC 52; %s", what, tl, note);
}
