/* Footer, status line and banner (see footer.h). The footer reads the key
 * tables, so a key rebound in the config shows here as it really works;
 * in read-only mode the hints of mutating actions are left out. */
#include "config.h"

#include "footer.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui/draw.h"
#include "ui/theme.h"

#define FOOTER_MAX_HINTS 24

void footer_draw(struct ui *ui, enum action_context ctx, const struct ui_rect *r)
{
    struct keymap_hint hints[FOOTER_MAX_HINTS];
    size_t n = keymap_footer(&ui->keymap, ctx, ui->read_only, hints, FOOTER_MAX_HINTS);
    if (n > FOOTER_MAX_HINTS)
        n = FOOTER_MAX_HINTS;
    attr_t key = theme_attr(THEME_FOOTER_KEY), text = theme_attr(THEME_FOOTER_TEXT);
    draw_fill(r->y, r->x, r->w, text);
    const char *tag = ui->read_only ? " READ-ONLY " : "";
    int end = r->x + r->w - draw_width(tag);
    int x = r->x;
    for (size_t i = 0; i < n && x < end; i++) {
        int kw = draw_width(hints[i].key), lw = draw_width(hints[i].label);
        if (x + kw + lw > end)
            break;
        x += draw_text(r->y, x, end - x, hints[i].key, key);
        x += draw_text(r->y, x, end - x, hints[i].label, text);
        x += draw_text(r->y, x, end - x, " ", text);
    }
    if (tag[0])
        draw_text(r->y, end, r->x + r->w - end, tag, theme_attr(THEME_STATUS_ERROR));
}

void status_draw(struct ui *ui, const struct ui_rect *r)
{
    draw_fill(r->y, r->x, r->w, theme_attr(THEME_DEFAULT));
    if (ui->status[0]) {
        /* Messages may quote engine text (errors): sanitised. */
        draw_engine(r->y, r->x, r->w, ui->status,
                    theme_attr(ui->status_error ? THEME_STATUS_ERROR : THEME_STATUS_OK));
        return;
    }
    if (ui->table.filter[0]) {
        int x = r->x;
        x += draw_text(r->y, x, r->w, "Filter: ", theme_attr(THEME_FILTER_PROMPT));
        x += draw_engine(r->y, x, r->x + r->w - x, ui->table.filter, theme_attr(THEME_DEFAULT));
        char buf[96];
        snprintf(buf, sizeof buf, "  (%zu of %zu shown; Esc clears)", ui->table.shown,
                 ui->table.total);
        draw_text(r->y, x, r->x + r->w - x, buf, theme_attr(THEME_DEFAULT));
    }
}

bool banner_wanted(const struct ui *ui)
{
    const struct snapshot *s = ui->snap;
    return s && (s->stale || (!s->connected && s->error));
}

void footer_format_elapsed(int64_t seconds, char *buf, size_t size)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        snprintf(buf, size, "%" PRId64 "s", seconds);
    else if (seconds < 3600)
        snprintf(buf, size, "%" PRId64 "m%02" PRId64 "s", seconds / 60, seconds % 60);
    else if (seconds < 86400)
        snprintf(buf, size, "%" PRId64 "h%02" PRId64 "m", seconds / 3600, seconds % 3600 / 60);
    else
        snprintf(buf, size, "%" PRId64 "d%02" PRId64 "h", seconds / 86400, seconds % 86400 / 3600);
}

void banner_draw(struct ui *ui, const struct ui_rect *r)
{
    const struct snapshot *s = ui->snap;
    attr_t a = theme_attr(THEME_BANNER_ERROR);
    draw_fill(r->y, r->x, r->w, a);
    if (!s)
        return;
    char head[128];
    if (s->stale_since > 0) {
        char when[16] = "?", ago[32];
        time_t t = (time_t)s->stale_since;
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(when, sizeof when, "%H:%M:%S", &tm);
        footer_format_elapsed(ui->now - s->stale_since, ago, sizeof ago);
        snprintf(head, sizeof head, " Engine unreachable since %s (%s): ", when, ago);
    } else {
        snprintf(head, sizeof head, " Engine unreachable: ");
    }
    int x = r->x + draw_text(r->y, r->x, r->w, head, a);
    draw_engine(r->y, x, r->x + r->w - x, s->error ? s->error : "no answer", a);
}
