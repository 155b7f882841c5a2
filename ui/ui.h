/* What the dashboard shares with its panels and dialogs.
 *
 * The dashboard (dashboard.c) owns one struct ui: the configuration and
 * key tables, the snapshot of the current frame, the table's view
 * settings, the status line, and a stack of layers. The bottom of the
 * stack is the panel registry (one panel today: containers; Tab moves
 * between them); above it sit overlays (help, details, the sort menu, the
 * columns dialog, the prompts). Each layer is a `struct panel_ops` plus
 * its state; keys go to the top layer first (see panel_ops.modal).
 *
 * Handlers return what to do as enum ui_reaction bits, and the loop acts
 * on them (redraw, relayout, close, quit). */
#ifndef BERTH_UI_UI_H
#define BERTH_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "conf.h"
#include "keymap.h"
#include "model/snapshot.h"
#include "ui/columns.h"
#include "ui/glyphs.h"
#include "ui/layout.h"
#include "ui/theme_data.h"

#define UI_MAX_PANELS 8
#define UI_MAX_OVERLAYS 8
#define UI_FILTER_MAX 256
#define UI_STATUS_MAX 512

enum ui_reaction {
    UI_IGNORED = 0,        /* not mine: try the next handler */
    UI_HANDLED = 1u << 0,  /* done, nothing visible changed */
    UI_REDRAW = 1u << 1,   /* draw the next frame */
    UI_RELAYOUT = 1u << 2, /* recompute the layout, then draw */
    UI_CLOSE = 1u << 3,    /* pop this overlay */
    UI_QUIT = 1u << 4,     /* leave the dashboard */
};

enum ui_mouse_kind {
    UI_MOUSE_CLICK,
    UI_MOUSE_WHEEL_UP,
    UI_MOUSE_WHEEL_DOWN,
};

struct ui_mouse {
    enum ui_mouse_kind kind;
    int y, x; /* screen cell */
};

/* Where a layer is drawn. */
enum ui_place {
    UI_PLACE_MAIN,   /* the panels' area */
    UI_PLACE_STATUS, /* the status line (prompts) */
};

struct ui;

/* One panel or dialog. Every hook but draw may be NULL. */
struct panel_ops {
    const char *name;            /* for messages: "containers", "help" */
    enum action_context context; /* key table its keys are looked up in */
    enum ui_place place;
    /* false: keys and clicks it ignores go on to the layer below (a
     * prompt lets arrows move the table while typing). */
    bool modal;
    /* A key before the key table (text entry); UI_IGNORED passes it on. */
    unsigned (*key)(void *self, struct ui *ui, int key);
    /* An action from the key table, already cleared by ui_action_allowed. */
    unsigned (*action)(void *self, struct ui *ui, enum action_id id);
    /* A click or wheel step anywhere on the screen. */
    unsigned (*mouse)(void *self, struct ui *ui, const struct ui_mouse *m);
    /* ui->snap changed (it is never NULL here). */
    void (*snapshot)(void *self, struct ui *ui);
    /* Draw into r. Only reads state; must stay inside r. */
    void (*draw)(void *self, struct ui *ui, const struct ui_rect *r);
    /* After a frame: tell the worker what is on screen. */
    void (*interest)(void *self, struct ui *ui);
    void (*destroy)(void *self);
    /* Optional: a file descriptor the loop polls for this layer (-1: none),
     * and what to do when it is readable (a log pane's new lines). */
    int (*wake_fd)(void *self);
    unsigned (*wake)(void *self, struct ui *ui);
};

struct ui_layer {
    const struct panel_ops *ops;
    void *self;
};

/* The container table's view settings: the sort menu, the columns dialog,
 * the filter prompt and the config all edit these, and the table rebuilds
 * its rows when gen moves. */
struct ui_table {
    enum columns_id sort;
    bool reverse;
    int visible[COLUMNS_COUNT]; /* enum columns_id, left to right */
    size_t nvisible;
    bool show_stopped;
    bool group;
    char filter[UI_FILTER_MAX];
    char **collapsed; /* folded project names (heap strings) */
    size_t ncollapsed;
    bool collapse_standalone;
    uint64_t gen;
    size_t shown; /* filled by the table: containers that pass */
    size_t total; /* filled by the table: containers in the snapshot */
};

struct worker;
struct engine;
struct fetch;

struct ui {
    struct conf conf;
    struct keymap keymap;
    struct snapshot *snap; /* this frame's snapshot (a reference), NULL before the first */
    struct worker *worker; /* NULL when there is none (tests) */
    struct engine *engine; /* the UI thread's own client (shell, attach), NULL in tests */
    struct fetch *fetch;   /* on-demand requests (inspect, top, exec), NULL in tests */
    char sel_id[65];       /* the container the table has selected, "" when none */
    bool read_only;
    bool mouse;
    bool utf8; /* the locale is UTF-8: box drawing, braille */
    enum glyph_mode glyphs;
    char theme[THEME_NAME_MAX];
    int64_t now; /* wall clock of this frame, unix seconds */
    int cpu_mode;   /* enum stats_cpu_mode: how the stats view and meters show CPU */
    int meter_mode; /* enum graph_meter_mode: the header meters as bars, text or graphs */
    struct ui_table table;
    struct layout layout;

    char status[UI_STATUS_MAX];
    bool status_error;

    /* A text cursor to show after the frame (prompts), else hidden. */
    bool cursor_on;
    int cursor_y, cursor_x;

    struct ui_layer panels[UI_MAX_PANELS];
    size_t npanels, focus;
    struct ui_layer overlays[UI_MAX_OVERLAYS];
    size_t noverlays;
};

/* Put a message on the status line (formatted text is ours; pass engine
 * text through sanitize first, or as an argument: it is sanitised at
 * draw time anyway). */
void ui_status(struct ui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_status_clear(struct ui *ui);

/* The one gate every action goes through: false, with a status message
 * saying read-only mode blocked it, when the action changes the engine
 * and the dashboard is read-only. */
bool ui_action_allowed(struct ui *ui, enum action_id id);

/* Push an overlay (takes self; ops->destroy frees it). False when the
 * stack is full (self is then destroyed). */
bool ui_push(struct ui *ui, const struct panel_ops *ops, void *self);
/* Pop and destroy the top overlay. */
void ui_pop(struct ui *ui);
/* The top overlay's ops, or NULL. */
const struct panel_ops *ui_top(const struct ui *ui);

/* The table's settings changed: rebuild on the next frame. */
void ui_table_changed(struct ui *ui);
/* Replace the filter text (empty clears it). */
void ui_table_set_filter(struct ui *ui, const char *text);
/* Fold or unfold a project (NULL: the standalone group). */
void ui_table_toggle_collapsed(struct ui *ui, const char *project);
/* Set the visible columns from config names (unknown names skipped). */
void ui_table_set_columns(struct ui *ui, char *const *names, size_t n);
void ui_table_done(struct ui_table *t);

/* Run a command typed at the command prompt (set, bind, unbind) and apply
 * it; the result goes to the status line. In dashboard.c. */
void ui_command_run(struct ui *ui, const char *line);

#endif
