/* Shared dashboard state (see ui.h): the status line, the
 * read-only gate, the overlay stack and the table's settings. No curses:
 * drawing is the layers' business. */
#include "config.h"

#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void ui_status(struct ui *ui, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->status, sizeof ui->status, fmt, ap);
    va_end(ap);
    ui->status_error = error;
}

void ui_status_clear(struct ui *ui)
{
    ui->status[0] = '\0';
    ui->status_error = false;
}

bool ui_action_allowed(struct ui *ui, enum action_id id)
{
    if (actions_allowed(id, ui->read_only))
        return true;
    ui_status(ui, true, "read-only mode: '%s' is blocked (it would change the engine)",
              actions_name(id));
    return false;
}

bool ui_push(struct ui *ui, const struct panel_ops *ops, void *self)
{
    if (ui->noverlays == UI_MAX_OVERLAYS) {
        if (ops->destroy)
            ops->destroy(self);
        return false;
    }
    ui->overlays[ui->noverlays++] = (struct ui_layer){ops, self};
    return true;
}

void ui_pop(struct ui *ui)
{
    if (ui->noverlays == 0)
        return;
    struct ui_layer *l = &ui->overlays[--ui->noverlays];
    if (l->ops->destroy)
        l->ops->destroy(l->self);
    memset(l, 0, sizeof *l);
}

const struct panel_ops *ui_top(const struct ui *ui)
{
    return ui->noverlays ? ui->overlays[ui->noverlays - 1].ops : NULL;
}

void ui_table_changed(struct ui *ui)
{
    ui->table.gen++;
}

void ui_table_set_filter(struct ui *ui, const char *text)
{
    if (strcmp(ui->table.filter, text) == 0)
        return;
    snprintf(ui->table.filter, sizeof ui->table.filter, "%s", text);
    ui_table_changed(ui);
}

void ui_table_toggle_collapsed(struct ui *ui, const char *project)
{
    struct ui_table *t = &ui->table;
    if (!project) {
        t->collapse_standalone = !t->collapse_standalone;
        ui_table_changed(ui);
        return;
    }
    for (size_t i = 0; i < t->ncollapsed; i++) {
        if (strcmp(t->collapsed[i], project) == 0) {
            free(t->collapsed[i]);
            t->collapsed[i] = t->collapsed[--t->ncollapsed];
            ui_table_changed(ui);
            return;
        }
    }
    t->collapsed = xrealloc(t->collapsed, (t->ncollapsed + 1) * sizeof *t->collapsed);
    t->collapsed[t->ncollapsed++] = xstrdup(project);
    ui_table_changed(ui);
}

void ui_table_set_columns(struct ui *ui, char *const *names, size_t n)
{
    struct ui_table *t = &ui->table;
    t->nvisible = 0;
    for (size_t i = 0; i < n && t->nvisible < COLUMNS_COUNT; i++) {
        int id = columns_find(names[i]);
        bool dup = false;
        for (size_t k = 0; k < t->nvisible; k++)
            dup = dup || t->visible[k] == id;
        if (id >= 0 && !dup)
            t->visible[t->nvisible++] = id;
    }
    if (t->nvisible == 0)
        t->visible[t->nvisible++] = COLUMNS_NAME;
    ui_table_changed(ui);
}

void ui_table_done(struct ui_table *t)
{
    for (size_t i = 0; i < t->ncollapsed; i++)
        free(t->collapsed[i]);
    free(t->collapsed);
    t->collapsed = NULL;
    t->ncollapsed = 0;
}
