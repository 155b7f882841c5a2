/* The dashboard's event loop (see dashboard.h).
 *
 * One thread, one poll(): stdin, the worker's wake-up fd, and a pipe the
 * signal handlers write to (SIGINT, SIGTERM, SIGHUP: quit; SIGWINCH:
 * resize). Installing our SIGWINCH and SIGINT/SIGTERM handlers before
 * curses starts keeps ncurses from installing its own, so no signal can
 * end the process with the terminal still in curses mode.
 *
 * A frame is drawn only when something changed: a key, a click, a new
 * snapshot, a resize. The one timer is a 1 s tick while the engine is
 * unreachable, to age the banner's "since" text. Every frame redraws the
 * whole screen into curses' buffer and lets curses send the difference,
 * so an unchanged table costs nothing on the wire.
 *
 * Keys: the top layer first (its raw-key hook, then its key table), then,
 * for non-modal layers, the ones below; actions nobody took are the
 * dashboard's own (help, quit, refresh, panels, themes, the command
 * prompt); the rest are not built yet and say so. Every action passes
 * ui_action_allowed() first, the read-only gate. */
#include "config.h"

#include "dashboard.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "engine.h"
#include "strbuf.h"
#include "model/stats_series.h"
#include "model/fetch.h"
#include "model/worker.h"
#include "ui/columns.h"
#include "ui/draw.h"
#include "ui/editor.h"
#include "ui/exec.h"
#include "ui/scan_view.h"
#include "ui/footer.h"
#include "ui/glyphs.h"
#include "ui/graph.h"
#include "ui/header.h"
#include "ui/help.h"
#include "ui/keymap.h"
#include "ui/panel_containers.h"
#include "ui/panel_images.h"
#include "ui/panel_networks.h"
#include "ui/panel_projects.h"
#include "ui/panel_volumes.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "xalloc.h"

#define DASH_ESCDELAY_MS 25
#define DASH_KEY_ESC 27

/* The panel registry: one entry per panel Tab moves between, in Tab
 * order, with the action that jumps straight to it. */
static const struct {
    const struct panel_ops *ops;
    void *(*create)(void);
    enum action_id jump;
} dash_panels[] = {
    {&panel_containers_ops, panel_containers_new, ACTION_CONTAINERS},
    {&panel_projects_ops, panel_projects_new, ACTION_PROJECTS},
    {&panel_images_ops, panel_images_new, ACTION_IMAGES},
    {&panel_volumes_ops, panel_volumes_new, ACTION_VOLUMES},
    {&panel_networks_ops, panel_networks_new, ACTION_NETWORKS},
};

#define DASH_NPANELS (sizeof dash_panels / sizeof dash_panels[0])

struct dash {
    struct ui ui;
    const struct options *opts;
    struct engine *engine;
    struct worker *worker;
    struct fetch *fetch; /* inspect, top and one-shot exec requests */
    SCREEN *screen;
    struct theme theme;
    uint64_t refresh_seq; /* the refresh waiting for its result, 0 when none */
    bool dirty;
    bool quit;
};

/* For the fatal-allocation hook and the signal handlers. */
static SCREEN *dash_screen;
static int dash_sig_fd = -1;

/* --- terminal and signals ----------------------------------------------- */

static void dash_fatal_hook(void)
{
    if (dash_screen && !isendwin()) {
        curs_set(1);
        endwin();
    }
}

static void dash_on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (dash_sig_fd >= 0 && write(dash_sig_fd, &b, 1) < 0) {
        /* The pipe is full: a byte is already pending. */
    }
    errno = saved;
}

static int dash_signals(int fds[2], struct berth_error *err)
{
    if (pipe(fds) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    dash_sig_fd = fds[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = dash_on_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

static void dash_signals_done(int fds[2])
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
    dash_sig_fd = -1;
    close(fds[0]);
    close(fds[1]);
}

static void dash_mouse(struct dash *d)
{
    if (d->ui.mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    } else {
        mousemask(0, NULL);
    }
}

/* Home and End have several spellings (xterm's in and out of keypad
 * mode, the VT220 ones tmux and screen send); a TERM entry knows one.
 * Teach curses the others, so the keys work whatever TERM claims. */
static void dash_keys(void)
{
    static const struct {
        const char *seq;
        int key;
    } extra[] = {
        {"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
        {"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        if (key_defined(extra[i].seq) == 0)
            define_key(extra[i].seq, extra[i].key);
    }
}

static int dash_curses_start(struct dash *d, struct berth_error *err)
{
    const char *term = getenv("TERM");
    d->screen = newterm(NULL, stdout, stdin);
    if (!d->screen)
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "cannot use the terminal (TERM=%s); try TERM=xterm",
                               term ? term : "unset");
    dash_screen = d->screen;
    set_term(d->screen);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(DASH_ESCDELAY_MS);
    curs_set(0);
    leaveok(stdscr, TRUE);
    dash_keys();
    dash_mouse(d);
    return 0;
}

static void dash_curses_stop(struct dash *d)
{
    if (!d->screen)
        return;
    /* Hand the terminal back as it was: mouse reports off, cursor shown. */
    mousemask(0, NULL);
    curs_set(1);
    if (!isendwin())
        endwin();
    dash_screen = NULL;
    delscreen(d->screen);
    d->screen = NULL;
}

/* --- configuration --------------------------------------------------------- */

static const struct conf_validators dash_validators = {
    .ctx = NULL,
    .column = columns_conf_check,
    .theme = theme_conf_check,
    .bind = keymap_check_binding,
};

/* Defaults, then the user's file (or --config); bindings into the keymap.
 * Every problem becomes a diagnostic line; nothing is fatal. */
static void dash_load_config(struct ui *ui, const struct options *opts, struct conf_diags *diags)
{
    conf_init(&ui->conf);
    conf_load_defaults(&ui->conf, &dash_validators, diags);
    char *path = opts->config ? xstrdup(opts->config) : conf_default_path();
    if (path) {
        struct berth_error err;
        berth_error_clear(&err);
        if (conf_load_file(&ui->conf, path, opts->config != NULL, &dash_validators, diags, &err) <
            0)
            conf_diags_add(diags, "%s", err.message);
        free(path);
    }
    keymap_init(&ui->keymap);
    keymap_apply_conf(&ui->keymap, &ui->conf, diags);
}

/* The settings that can change while running, from ui->conf. */
static void dash_apply_settings(struct ui *ui, const struct options *opts)
{
    const struct conf *c = &ui->conf;
    ui->read_only = (opts && opts->read_only) || c->read_only;
    ui->mouse = c->mouse;
    int sort = c->sort ? columns_find(c->sort) : -1;
    ui->table.sort = sort >= 0 ? (enum columns_id)sort : COLUMNS_CPU;
    ui->table.reverse = c->sort_reverse;
    ui->table.show_stopped = c->show_stopped;
    ui_table_set_columns(ui, c->columns, c->ncolumns);
}

static void dash_apply_theme(struct dash *d, const char *name)
{
    struct conf_diags diags;
    struct berth_error err;
    conf_diags_init(&diags);
    berth_error_clear(&err);
    if (theme_load(&d->theme, name, &diags, &err) < 0) {
        ui_status(&d->ui, true, "theme %s: %s", name, err.message);
        name = "default";
    } else if (diags.count > 0) {
        ui_status(&d->ui, true, "%s", diags.lines[0]);
    }
    snprintf(d->ui.theme, sizeof d->ui.theme, "%s", name);
    conf_diags_done(&diags);
    theme_apply(&d->theme);
    /* Pairs may have been redefined: repaint every cell. */
    clearok(curscr, TRUE);
}

static void dash_theme_next(struct dash *d)
{
    char **names = theme_list();
    size_t n = 0, at = 0;
    while (names && names[n]) {
        if (strcmp(names[n], d->ui.theme) == 0)
            at = n + 1;
        n++;
    }
    if (n > 0) {
        char name[THEME_NAME_MAX];
        snprintf(name, sizeof name, "%s", names[at % n]);
        dash_apply_theme(d, name);
        if (!d->ui.status_error)
            ui_status(&d->ui, false, "Theme: %s%s", d->ui.theme,
                      theme_is_mono() ? " (no colour on this terminal)" : "");
    }
    theme_list_free(names);
}

/* The dashboard that ui_command_run applies commands to. */
static struct dash *dash_current;

/* The values of every setting as the file spells them, to see what a
 * command changed. */
static void dash_conf_values(const struct conf *c, char **out)
{
    for (int id = 0; id < CONF_SETTING_COUNT; id++) {
        struct strbuf sb;
        strbuf_init(&sb);
        conf_format_value(c, (enum conf_setting_id)id, &sb);
        out[id] = strbuf_detach(&sb);
    }
}

/* Apply one changed setting to the running dashboard. */
static void dash_apply_setting(struct dash *d, enum conf_setting_id id)
{
    struct ui *ui = &d->ui;
    const struct conf *c = &ui->conf;
    switch (id) {
    case CONF_SORT: {
        int sort = c->sort ? columns_find(c->sort) : -1;
        if (sort >= 0)
            ui->table.sort = (enum columns_id)sort;
        ui_table_changed(ui);
        break;
    }
    case CONF_SORT_REVERSE:
        ui->table.reverse = c->sort_reverse;
        ui_table_changed(ui);
        break;
    case CONF_COLUMNS:
        ui_table_set_columns(ui, c->columns, c->ncolumns);
        break;
    case CONF_SHOW_STOPPED:
        ui->table.show_stopped = c->show_stopped;
        ui_table_changed(ui);
        break;
    case CONF_READ_ONLY:
        /* --read-only cannot be lifted from inside. */
        ui->read_only = d->opts->read_only || c->read_only;
        break;
    case CONF_MOUSE:
        ui->mouse = c->mouse;
        dash_mouse(d);
        break;
    case CONF_THEME:
        if (c->theme)
            dash_apply_theme(d, c->theme);
        break;
    default:
        /* interval, history, stop_timeout, log_tail, scrollback: read at
         * start or by panels not built yet. */
        break;
    }
}

void ui_command_run(struct ui *ui, const char *line)
{
    struct dash *d = dash_current;
    if (exec_command(ui, line))
        return;
    if (editor_command(ui, line))
        return;
    if (scan_command(ui, line))
        return;
    struct berth_error err;
    berth_error_clear(&err);
    char *before[CONF_SETTING_COUNT], *after[CONF_SETTING_COUNT];
    dash_conf_values(&ui->conf, before);
    size_t nbindings = ui->conf.nbindings;
    int rc = conf_execute(&ui->conf, line, &dash_validators, &err);
    dash_conf_values(&ui->conf, after);
    ui_status_clear(ui);
    bool later = false;
    for (int id = 0; rc == 0 && d && id < CONF_SETTING_COUNT; id++) {
        if (strcmp(before[id], after[id]) == 0)
            continue;
        dash_apply_setting(d, (enum conf_setting_id)id);
        later = later || id == CONF_INTERVAL || id == CONF_HISTORY;
    }
    for (int id = 0; id < CONF_SETTING_COUNT; id++) {
        free(before[id]);
        free(after[id]);
    }
    if (rc < 0) {
        ui_status(ui, true, "%s", err.message);
        return;
    }
    if (ui->conf.nbindings != nbindings) {
        /* Rebuild the key tables from the defaults and every command so
         * far, so unbind and rebind behave as they do in the file. */
        struct conf_diags diags;
        conf_diags_init(&diags);
        keymap_done(&ui->keymap);
        keymap_init(&ui->keymap);
        keymap_apply_conf(&ui->keymap, &ui->conf, &diags);
        conf_diags_done(&diags);
    }
    if (ui->status[0])
        return; /* a theme problem, say */
    if (later)
        ui_status(ui, false, "Done; it takes effect at the next start");
    else
        ui_status(ui, false, "Done: %s", line);
}

/* --- dispatch ------------------------------------------------------------ */

static struct ui_layer *dash_focused(struct dash *d)
{
    return d->ui.npanels ? &d->ui.panels[d->ui.focus] : NULL;
}

/* Layers from the top: overlays, then the focused panel. */
static size_t dash_layers(struct dash *d, struct ui_layer **out, size_t max)
{
    size_t n = 0;
    for (size_t i = d->ui.noverlays; i > 0 && n < max; i--)
        out[n++] = &d->ui.overlays[i - 1];
    struct ui_layer *p = dash_focused(d);
    if (p && n < max)
        out[n++] = p;
    return n;
}

/* Actions the dashboard itself answers. */
static unsigned dash_global(struct dash *d, enum action_id id)
{
    struct ui *ui = &d->ui;
    switch (id) {
    case ACTION_QUIT:
        return UI_QUIT;
    case ACTION_HELP:
        help_open(ui);
        return UI_REDRAW;
    case ACTION_REFRESH: {
        struct worker_action act = {.kind = WORKER_ACTION_REFRESH, .id = ""};
        d->refresh_seq = worker_submit(d->worker, &act);
        ui_status(ui, false, "Refreshing...");
        clearok(curscr, TRUE);
        return UI_REDRAW;
    }
    case ACTION_NEXT_PANEL:
    case ACTION_PREV_PANEL:
        if (ui->npanels > 1) {
            size_t step = id == ACTION_NEXT_PANEL ? 1 : ui->npanels - 1;
            ui->focus = (ui->focus + step) % ui->npanels;
        }
        return UI_REDRAW;
    case ACTION_THEME_NEXT:
        dash_theme_next(d);
        return UI_REDRAW;
    case ACTION_COMMAND_PROMPT:
        prompt_open(ui, PROMPT_COMMAND);
        return UI_REDRAW;
    case ACTION_CONTAINERS:
    case ACTION_PROJECTS:
    case ACTION_IMAGES:
    case ACTION_NETWORKS:
    case ACTION_VOLUMES:
        for (size_t i = 0; i < ui->npanels; i++)
            if (dash_panels[i].jump == id) {
                ui->focus = i;
                return UI_REDRAW;
            }
        return UI_IGNORED;
    case ACTION_CPU_MODE:
        ui->cpu_mode = (ui->cpu_mode + 1) % STATS_CPU_NMODES;
        ui_status(ui, false, "CPU shown %s",
                  stats_cpu_mode_name((enum stats_cpu_mode)ui->cpu_mode));
        return UI_REDRAW;
    case ACTION_METER_MODE:
        ui->meter_mode = graph_meter_next((enum graph_meter_mode)ui->meter_mode);
        ui_status(ui, false, "Meters: %s",
                  graph_meter_get((enum graph_meter_mode)ui->meter_mode)->name);
        return UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static unsigned dash_not_yet(struct ui *ui, enum action_id id)
{
    ui_status(ui, true, "'%s' is not available yet", actions_name(id));
    return UI_REDRAW;
}

static unsigned dash_key(struct dash *d, int key)
{
    struct ui *ui = &d->ui;
    struct ui_layer *layers[UI_MAX_OVERLAYS + 1];
    size_t n = dash_layers(d, layers, UI_MAX_OVERLAYS + 1);
    for (size_t i = 0; i < n; i++) {
        struct ui_layer *l = layers[i];
        unsigned r;
        if (l->ops->key && (r = l->ops->key(l->self, ui, key)) != UI_IGNORED)
            return r;
        enum action_id id = keymap_lookup(&ui->keymap, l->ops->context, key);
        if (id != ACTION_NONE) {
            if (!ui_action_allowed(ui, id))
                return UI_REDRAW;
            if (l->ops->action && (r = l->ops->action(l->self, ui, id)) != UI_IGNORED)
                return r;
            if ((r = dash_global(d, id)) != UI_IGNORED)
                return r;
            if (l->ops->modal)
                return dash_not_yet(ui, id);
        } else if (l->ops->modal) {
            return UI_IGNORED;
        }
    }
    return UI_IGNORED;
}

static unsigned dash_click(struct dash *d, const struct ui_mouse *m)
{
    struct ui_layer *layers[UI_MAX_OVERLAYS + 1];
    size_t n = dash_layers(d, layers, UI_MAX_OVERLAYS + 1);
    for (size_t i = 0; i < n; i++) {
        struct ui_layer *l = layers[i];
        unsigned r;
        if (l->ops->mouse && (r = l->ops->mouse(l->self, &d->ui, m)) != UI_IGNORED)
            return r;
        if (l->ops->modal)
            break;
    }
    return UI_IGNORED;
}

/* Act on a handler's reaction. */
static void dash_react(struct dash *d, unsigned r)
{
    if (r & UI_CLOSE)
        ui_pop(&d->ui);
    if (r & UI_QUIT)
        d->quit = true;
    if (r & (UI_REDRAW | UI_RELAYOUT | UI_CLOSE))
        d->dirty = true;
}

/* --- frames ---------------------------------------------------------------- */

static void dash_draw(struct dash *d)
{
    struct ui *ui = &d->ui;
    struct layout *lay = &ui->layout;
    ui->now = (int64_t)time(NULL);
    ui->cursor_on = false;
    layout_compute(lay, LINES, COLS, banner_wanted(ui));
    attrset(A_NORMAL);
    bkgdset(' ' | theme_attr(THEME_DEFAULT));
    erase();
    if (lay->too_small) {
        char msg[96];
        snprintf(msg, sizeof msg, "Terminal too small (%dx%d); berth needs %dx%d", COLS, LINES,
                 LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
        draw_text(0, 0, COLS, msg, theme_attr(THEME_STATUS_ERROR));
    } else {
        header_draw(ui, &lay->header);
        if (lay->banner.h)
            banner_draw(ui, &lay->banner);
        struct ui_layer *p = dash_focused(d);
        if (p)
            p->ops->draw(p->self, ui, &lay->main);
        bool status_taken = false;
        enum action_context ctx = p ? p->ops->context : ACTION_CTX_TABLE;
        for (size_t i = 0; i < ui->noverlays; i++) {
            struct ui_layer *l = &ui->overlays[i];
            bool on_status = l->ops->place == UI_PLACE_STATUS;
            l->ops->draw(l->self, ui, on_status ? &lay->status : &lay->main);
            status_taken = status_taken || on_status;
            ctx = l->ops->context;
        }
        if (!status_taken)
            status_draw(ui, &lay->status);
        footer_draw(ui, ctx, &lay->footer);
    }
    if (ui->cursor_on) {
        leaveok(stdscr, FALSE);
        move(ui->cursor_y, ui->cursor_x);
        curs_set(1);
    } else {
        leaveok(stdscr, TRUE);
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
    struct ui_layer *p = dash_focused(d);
    if (p && p->ops->interest && !lay->too_small)
        p->ops->interest(p->self, ui);
}

static void dash_resize(struct dash *d)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    d->dirty = true;
}

/* A new snapshot: hand it to every layer, report action results. */
static void dash_snapshot(struct dash *d)
{
    worker_wakeup_drain(d->worker);
    struct snapshot *s = worker_snapshot(d->worker);
    if (!s)
        return;
    snapshot_unref(d->ui.snap);
    d->ui.snap = s;
    for (size_t i = 0; i < d->ui.npanels; i++) {
        struct ui_layer *l = &d->ui.panels[i];
        if (l->ops->snapshot)
            l->ops->snapshot(l->self, &d->ui);
    }
    for (size_t i = 0; i < d->ui.noverlays; i++) {
        struct ui_layer *l = &d->ui.overlays[i];
        if (l->ops->snapshot)
            l->ops->snapshot(l->self, &d->ui);
    }
    for (size_t i = 0; d->refresh_seq && i < s->nresults; i++) {
        if (s->results[i].seq != d->refresh_seq)
            continue;
        ui_status(&d->ui, !s->results[i].ok, "Refresh: %s",
                  s->results[i].message ? s->results[i].message : "done");
        d->refresh_seq = 0;
    }
    d->dirty = true;
}

static void dash_mouse_event(struct dash *d)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    struct ui_mouse m = {.y = ev.y, .x = ev.x};
    if (ev.bstate & BUTTON4_PRESSED)
        m.kind = UI_MOUSE_WHEEL_UP;
    else if (ev.bstate & BUTTON5_PRESSED)
        m.kind = UI_MOUSE_WHEEL_DOWN;
    else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
        m.kind = UI_MOUSE_CLICK;
    else
        return;
    ui_status_clear(&d->ui);
    dash_react(d, dash_click(d, &m));
    d->dirty = true;
}

static void dash_handle_key(struct dash *d, int key)
{
    if (key == KEYMAP_KEY_NONE)
        return;
    /* A message stays until the operator does something. */
    if (d->ui.status[0]) {
        ui_status_clear(&d->ui);
        d->dirty = true;
    }
    dash_react(d, dash_key(d, key));
}

/* Read every key curses has; Esc followed at once by a key is Meta. */
static void dash_input(struct dash *d)
{
    wint_t wch;
    int rc;
    while (!d->quit && (rc = get_wch(&wch)) != ERR) {
        if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
            d->dirty = true;
            continue;
        }
        if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
            dash_mouse_event(d);
            continue;
        }
        int key = keymap_key_from_wch(rc == KEY_CODE_YES, (unsigned long)wch);
        if (key == DASH_KEY_ESC) {
            wint_t next;
            int rc2 = get_wch(&next);
            if (rc2 == OK && next != DASH_KEY_ESC) {
                int inner = keymap_key_from_wch(false, (unsigned long)next);
                key = inner == KEYMAP_KEY_NONE ? KEYMAP_KEY_NONE : (inner | KEYMAP_META);
            } else if (rc2 != ERR) {
                dash_handle_key(d, key);
                key = keymap_key_from_wch(rc2 == KEY_CODE_YES, (unsigned long)next);
            }
        }
        dash_handle_key(d, key);
    }
}

/* Milliseconds to the next whole second: the banner's age tick. */
static int dash_tick_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return 1000 - (int)(ts.tv_nsec / 1000000) + 5;
}

/* The descriptors of layers that have one (panel_ops.wake_fd), into fds;
 * out[i] is the layer of fds[i]. Returns how many. */
static size_t dash_layer_fds(struct dash *d, struct pollfd *fds, struct ui_layer **out)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ui.npanels + d->ui.noverlays; i++) {
        struct ui_layer *l =
            i < d->ui.npanels ? &d->ui.panels[i] : &d->ui.overlays[i - d->ui.npanels];
        int fd = l->ops->wake_fd && l->ops->wake ? l->ops->wake_fd(l->self) : -1;
        if (fd < 0)
            continue;
        fds[n] = (struct pollfd){.fd = fd, .events = POLLIN};
        out[n++] = l;
    }
    return n;
}

static void dash_loop(struct dash *d, int sig_rfd)
{
    while (!d->quit) {
        if (d->dirty) {
            dash_draw(d);
            d->dirty = false;
        }
        struct pollfd fds[4 + UI_MAX_PANELS + UI_MAX_OVERLAYS] = {
            {.fd = STDIN_FILENO, .events = POLLIN},
            {.fd = worker_wakeup_fd(d->worker), .events = POLLIN},
            {.fd = sig_rfd, .events = POLLIN},
            {.fd = d->fetch ? fetch_fd(d->fetch) : -1, .events = POLLIN},
        };
        /* Layers with a descriptor of their own (log panes) come after. */
        struct ui_layer *woken[UI_MAX_PANELS + UI_MAX_OVERLAYS];
        size_t nfds = dash_layer_fds(d, fds + 4, woken) + 4;
        int timeout = banner_wanted(&d->ui) ? dash_tick_ms() : -1;
        int n = poll(fds, (nfds_t)nfds, timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (n == 0) {
            d->dirty = true; /* the tick */
            continue;
        }
        if (fds[2].revents & POLLIN) {
            unsigned char sigs[16];
            ssize_t got = read(sig_rfd, sigs, sizeof sigs);
            for (ssize_t i = 0; i < got; i++) {
                if (sigs[i] == SIGWINCH)
                    dash_resize(d);
                else
                    d->quit = true;
            }
        }
        if (fds[1].revents & POLLIN)
            dash_snapshot(d);
        if (fds[3].revents & POLLIN) {
            /* A view's request ended: its draw collects the result. */
            fetch_drain(d->fetch);
            d->dirty = true;
        }
        for (size_t i = 4; i < nfds; i++) {
            struct ui_layer *l = woken[i - 4];
            if (fds[i].revents & (POLLIN | POLLHUP))
                dash_react(d, l->ops->wake(l->self, &d->ui) & ~(unsigned)UI_CLOSE);
        }
        if (fds[0].revents & (POLLHUP | POLLERR))
            d->quit = true; /* the terminal went away */
        dash_input(d);
    }
}

/* --- set-up ---------------------------------------------------------------- */

static void dash_locale(struct ui *ui)
{
    setlocale(LC_ALL, "");
    /* Numbers are read (config) and printed (figures) the C way, as
     * docker prints them, whatever the operator's region. */
    setlocale(LC_NUMERIC, "C");
    const char *codeset = nl_langinfo(CODESET);
    ui->utf8 = glyph_codeset_is_utf8(codeset);
    ui->glyphs = glyph_mode_for_codeset(codeset);
    columns_set_glyph_mode(ui->utf8 ? GLYPH_BLOCK : GLYPH_ASCII);
    draw_set_utf8(ui->utf8);
}

/* Start-up diagnostics: on stderr (seen after the dashboard ends) and the
 * first one on the status line. */
static void dash_report_diags(struct ui *ui, const struct conf_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++)
        fprintf(stderr, "berth: %s\n", diags->lines[i]);
    if (diags->count == 0)
        return;
    if (diags->count == 1)
        ui_status(ui, true, "%s", diags->lines[0]);
    else
        ui_status(ui, true, "%s (and %zu more config problems)", diags->lines[0], diags->count - 1);
}

static void dash_done(struct dash *d)
{
    for (size_t i = d->ui.noverlays; i > 0; i--)
        ui_pop(&d->ui);
    for (size_t i = 0; i < d->ui.npanels; i++) {
        struct ui_layer *l = &d->ui.panels[i];
        if (l->ops->destroy)
            l->ops->destroy(l->self);
    }
    d->ui.npanels = 0;
    fetch_free(d->fetch);
    d->fetch = NULL;
    d->ui.fetch = NULL;
    snapshot_unref(d->ui.snap);
    d->ui.snap = NULL;
    if (d->worker)
        worker_free(d->worker);
    if (d->engine)
        engine_free(d->engine);
    ui_table_done(&d->ui.table);
    keymap_done(&d->ui.keymap);
    conf_done(&d->ui.conf);
}

int dashboard_run(const struct options *opts, const struct endpoint *ep, struct berth_error *err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return berth_error_set(err, BERTH_ERR_USAGE, 0,
                               "the dashboard needs a terminal; use --batch for output to a "
                               "pipe or a file");
    struct dash *d = xcalloc(1, sizeof *d);
    d->opts = opts;
    dash_locale(&d->ui);

    struct conf_diags diags;
    conf_diags_init(&diags);
    dash_load_config(&d->ui, opts, &diags);
    dash_apply_settings(&d->ui, opts);

    struct worker_config cfg;
    worker_config_init(&cfg);
    cfg.interval_ms =
        opts->delay_given ? (unsigned)(opts->delay * 1000.0 + 0.5) : d->ui.conf.interval_ms;
    cfg.history_len = d->ui.conf.history;
    cfg.request_timeout_ms = opts->timeout_ms;
    d->engine = engine_new(ep, opts->timeout_ms);
    d->worker = worker_new(d->engine, &cfg, err);
    if (!d->worker || worker_start(d->worker, err) < 0) {
        conf_diags_done(&diags);
        dash_done(d);
        free(d);
        return -1;
    }
    d->ui.worker = d->worker;
    d->fetch = fetch_new(d->engine, err);
    if (!d->fetch) {
        conf_diags_done(&diags);
        dash_done(d);
        free(d);
        return -1;
    }
    d->ui.fetch = d->fetch;
    d->ui.engine = d->engine;

    int sig_fds[2];
    if (dash_signals(sig_fds, err) < 0) {
        conf_diags_done(&diags);
        dash_done(d);
        free(d);
        return -1;
    }
    dash_report_diags(&d->ui, &diags);
    conf_diags_done(&diags);
    xalloc_set_fatal_hook(dash_fatal_hook);
    if (dash_curses_start(d, err) < 0) {
        xalloc_set_fatal_hook(NULL);
        dash_signals_done(sig_fds);
        dash_done(d);
        free(d);
        return -1;
    }
    dash_current = d;
    dash_apply_theme(d, opts->theme ? opts->theme : d->ui.conf.theme);

    for (size_t i = 0; i < DASH_NPANELS && i < UI_MAX_PANELS; i++)
        d->ui.panels[d->ui.npanels++] =
            (struct ui_layer){dash_panels[i].ops, dash_panels[i].create()};
    if (opts->edit)
        editor_open(&d->ui, opts->edit);
    d->dirty = true;

    dash_loop(d, sig_fds[0]);

    dash_curses_stop(d);
    dash_current = NULL;
    xalloc_set_fatal_hook(NULL);
    dash_signals_done(sig_fds);
    dash_done(d);
    free(d);
    return 0;
}

int dashboard_print_keys(const struct options *opts, FILE *out, FILE *errors)
{
    struct ui ui;
    memset(&ui, 0, sizeof ui);
    struct conf_diags diags;
    conf_diags_init(&diags);
    dash_load_config(&ui, opts, &diags);
    for (size_t i = 0; i < diags.count; i++)
        fprintf(errors, "berth: %s\n", diags.lines[i]);
    help_print(&ui.keymap, out);
    conf_diags_done(&diags);
    keymap_done(&ui.keymap);
    conf_done(&ui.conf);
    return 0;
}
