/* Shell, attach and one-shot exec (see exec.h).
 *
 * The interactive part runs on the UI thread on purpose: while it lasts
 * the dashboard draws nothing, and the worker keeps publishing snapshots,
 * so the newest one is shown on return. Our SIGWINCH handler replaces the
 * dashboard's for the duration (and writes to its own pipe), so a resize
 * reaches the exec at once; the dashboard's handlers are put back after.
 *
 * The one-shot pane collects its result from the fetcher when the
 * dashboard wakes for it (fetch_fd), and draws every line through
 * draw_engine: command output is engine text. */
#include "config.h"

#include "exec.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "engine.h"
#include "hijack.h"
#include "model/fetch.h"
#include "strbuf.h"
#include "ui/draw.h"
#include "ui/scroll.h"
#include "ui/theme.h"
#include "xalloc.h"

/* Finds bash when the image has it, else runs sh. */
#define EXEC_SHELL_SCRIPT "if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh"

/* --- words ------------------------------------------------------------------ */

int exec_split(const char *line, char ***words)
{
    char **out = xcalloc(1, sizeof *out);
    size_t n = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        struct strbuf w;
        strbuf_init(&w);
        strbuf_puts(&w, "");
        char quote = 0;
        while (*p && (quote || (*p != ' ' && *p != '\t'))) {
            if (quote == '\'') {
                if (*p == '\'')
                    quote = 0;
                else
                    strbuf_putc(&w, *p);
                p++;
            } else if (*p == '\\' && p[1]) {
                strbuf_putc(&w, p[1]);
                p += 2;
            } else if (quote == '"') {
                if (*p == '"')
                    quote = 0;
                else
                    strbuf_putc(&w, *p);
                p++;
            } else if (*p == '\'' || *p == '"') {
                quote = *p++;
            } else {
                strbuf_putc(&w, *p++);
            }
        }
        out = xrealloc(out, (n + 2) * sizeof *out);
        out[n++] = strbuf_detach(&w);
        out[n] = NULL;
        if (quote) {
            exec_words_free(out);
            *words = NULL;
            return -1;
        }
    }
    *words = out;
    return (int)n;
}

void exec_words_free(char **words)
{
    for (size_t i = 0; words && words[i]; i++)
        free(words[i]);
    free(words);
}

/* --- the terminal hand-over ------------------------------------------------ */

static int exec_winch_fd = -1;

static void exec_on_winch(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (exec_winch_fd >= 0 && write(exec_winch_fd, &b, 1) < 0) {
        /* Full: a resize is already pending. */
    }
    errno = saved;
}

struct session {
    struct ui *ui;
    struct hijack *h;
    bool tty;              /* the stream is raw (else multiplexed) */
    bool watch_detach;     /* attach: ctrl-p ctrl-q detaches */
    char resize_path[128]; /* POST target for resizes, "" when none */
    struct termios saved;
    bool raw;
    struct sigaction old_winch;
    int winch[2];
    bool detached;
};

static void session_out(void *user, int stream, const char *data, size_t len)
{
    (void)user;
    (void)stream;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

static void session_resize(struct session *s)
{
    struct winsize ws;
    if (!s->resize_path[0] || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0)
        return;
    char path[192];
    snprintf(path, sizeof path, "%s?h=%d&w=%d", s->resize_path, (int)ws.ws_row, (int)ws.ws_col);
    struct engine_response resp;
    struct berth_error err;
    engine_response_init(&resp);
    berth_error_clear(&err);
    /* A failure (the process just ended) changes nothing for the operator. */
    engine_request(s->ui->engine, "POST", path, NULL, NULL, 0, &resp, &err);
    engine_response_done(&resp);
}

/* Suspend curses and put the terminal in raw mode. */
static void session_enter(struct session *s, const char *banner)
{
    def_prog_mode();
    endwin();
    if (tcgetattr(STDIN_FILENO, &s->saved) == 0) {
        struct termios raw = s->saved;
        cfmakeraw(&raw);
        tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
        s->raw = true;
    }
    session_out(NULL, 0, banner, strlen(banner));
    s->winch[0] = s->winch[1] = -1;
    if (pipe(s->winch) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(s->winch[i], F_SETFL, fcntl(s->winch[i], F_GETFL) | O_NONBLOCK);
            fcntl(s->winch[i], F_SETFD, FD_CLOEXEC);
        }
        exec_winch_fd = s->winch[1];
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = exec_on_winch;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGWINCH, &sa, &s->old_winch);
    }
}

/* Give the terminal back to curses and redraw everything. */
static void session_leave(struct session *s)
{
    if (s->winch[0] >= 0) {
        sigaction(SIGWINCH, &s->old_winch, NULL);
        exec_winch_fd = -1;
        close(s->winch[0]);
        close(s->winch[1]);
    }
    if (s->raw)
        tcsetattr(STDIN_FILENO, TCSADRAIN, &s->saved);
    reset_prog_mode();
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    refresh();
}

/* Pump bytes both ways until the stream ends or the operator detaches. */
static void session_pump(struct session *s)
{
    struct hijack_demux dm;
    hijack_demux_init(&dm);
    int detach_state = 0;
    bool in_open = true;
    for (;;) {
        struct pollfd fds[3] = {
            {.fd = hijack_fd(s->h), .events = POLLIN},
            {.fd = in_open ? STDIN_FILENO : -1, .events = POLLIN},
            {.fd = s->winch[0], .events = POLLIN},
        };
        int n = poll(fds, 3, -1);
        if (n < 0 && errno != EINTR)
            return;
        if (n <= 0)
            continue;
        if (fds[2].revents & POLLIN) {
            unsigned char b[16];
            while (read(s->winch[0], b, sizeof b) > 0) {
            }
            session_resize(s);
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            unsigned char buf[4096];
            ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
            if (got <= 0) {
                in_open = false;
                hijack_shutdown_write(s->h);
            }
            struct berth_error err;
            for (ssize_t i = 0; i < got; i++) {
                if (!s->watch_detach) {
                    hijack_send(s->h, buf, (size_t)got, &err);
                    break;
                }
                bool held, flush;
                if (hijack_detach_step(&detach_state, buf[i], &held, &flush)) {
                    s->detached = true;
                    return;
                }
                if (flush)
                    hijack_send(s->h, "\x10", 1, &err);
                if (!held)
                    hijack_send(s->h, &buf[i], 1, &err);
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            for (;;) {
                char buf[16384];
                struct berth_error err;
                ssize_t got = hijack_recv(s->h, buf, sizeof buf, &err);
                if (got == HIJACK_AGAIN)
                    break;
                if (got <= 0)
                    return;
                if (s->tty)
                    session_out(NULL, 1, buf, (size_t)got);
                else
                    hijack_demux_feed(&dm, buf, (size_t)got, session_out, NULL);
            }
        }
    }
}

static const char *exec_name(struct ui *ui, const char *id)
{
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, id) : NULL;
    return sc && sc->c.name ? sc->c.name : id;
}

static bool exec_can_run(struct ui *ui, const char *id, const char *what)
{
    if (!ui->engine) {
        ui_status(ui, true, "%s needs an engine connection", what);
        return false;
    }
    const struct snapshot_container *sc = ui->snap ? snapshot_find(ui->snap, id) : NULL;
    if (!sc) {
        ui_status(ui, true, "%s: no container selected", what);
        return false;
    }
    if (sc->c.state != CONTAINER_STATE_RUNNING) {
        ui_status(ui, true, "%s: %s is %s, not running", what, sc->c.name ? sc->c.name : id,
                  container_state_name(sc->c.state));
        return false;
    }
    return true;
}

void exec_shell(struct ui *ui, const char *id)
{
    if (!exec_can_run(ui, id, "Shell"))
        return;
    char name[256];
    snprintf(name, sizeof name, "%s", exec_name(ui, id));
    const char *term = getenv("TERM");
    char term_env[128];
    snprintf(term_env, sizeof term_env, "TERM=%s", term && *term ? term : "xterm");
    const char *env[] = {term_env, NULL};
    /* The configured shell, or find bash and fall back to sh. */
    const char *shell = ui->conf.shell;
    bool automatic = !shell || strcmp(shell, "auto") == 0;
    const char *argv[] = {automatic ? "/bin/sh" : shell, "-c", EXEC_SHELL_SCRIPT};
    char *body = fetch_exec_create_body(argv, automatic ? 3 : 1, true, true, env);
    char *path = xasprintf("/containers/%s/exec", id);
    struct engine_response resp;
    struct berth_error err;
    engine_response_init(&resp);
    berth_error_clear(&err);
    cJSON *doc = NULL;
    if (engine_request(ui->engine, "POST", path, "application/json", body, strlen(body), &resp,
                       &err) == 0 &&
        engine_check_status(&resp, &err) == 0)
        doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
    engine_response_done(&resp);
    free(body);
    free(path);
    const char *exec_id = doc ? engine_json_str(doc, "Id") : NULL;
    if (!exec_id) {
        ui_status(ui, true, "Shell in %s: %s", name,
                  err.message[0] ? err.message : "the engine gave no exec id");
        cJSON_Delete(doc);
        return;
    }
    char xid[80];
    snprintf(xid, sizeof xid, "%s", exec_id);
    cJSON_Delete(doc);

    struct session s = {.ui = ui, .tty = true};
    snprintf(s.resize_path, sizeof s.resize_path, "/exec/%s/resize", xid);
    char banner[400];
    snprintf(banner, sizeof banner, "berth: shell in %s; exit it to return to berth\r\n", name);
    for (char *p = banner; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\r' && *p != '\n')
            *p = '?';
    session_enter(&s, banner);
    char start[128];
    snprintf(start, sizeof start, "/exec/%s/start", xid);
    s.h = hijack_open(ui->engine, start, "{\"Detach\":false,\"Tty\":true}", 0, &err);
    if (s.h) {
        session_resize(&s);
        session_pump(&s);
        hijack_close(s.h);
    }
    session_leave(&s);
    if (!s.h) {
        ui_status(ui, true, "Shell in %s: %s", name, err.message);
        return;
    }
    char info_path[128];
    snprintf(info_path, sizeof info_path, "/exec/%s/json", xid);
    cJSON *info = NULL;
    int code = -1;
    if (engine_get_json(ui->engine, info_path, &info, &err) == 0) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(info, "ExitCode");
        if (cJSON_IsNumber(c))
            code = (int)c->valuedouble;
    }
    cJSON_Delete(info);
    if (code == 126 || code == 127)
        ui_status(ui, true, "Shell in %s: no shell found in the container (exit code %d)", name,
                  code);
    else
        ui_status(ui, code > 0, "Shell in %s ended (exit code %d)", name, code);
}

void exec_attach(struct ui *ui, const char *id)
{
    if (!exec_can_run(ui, id, "Attach"))
        return;
    char name[256];
    snprintf(name, sizeof name, "%s", exec_name(ui, id));
    struct berth_error err;
    berth_error_clear(&err);
    char *ipath = xasprintf("/containers/%s/json", id);
    cJSON *doc = NULL;
    int rc = engine_get_json(ui->engine, ipath, &doc, &err);
    free(ipath);
    if (rc < 0) {
        ui_status(ui, true, "Attach to %s: %s", name, err.message);
        return;
    }
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(doc, "Config");
    bool tty = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cfg, "Tty"));
    bool open_stdin = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cfg, "OpenStdin"));
    cJSON_Delete(doc);

    struct session s = {.ui = ui, .tty = tty, .watch_detach = true};
    if (tty)
        snprintf(s.resize_path, sizeof s.resize_path, "/containers/%s/resize", id);
    char banner[400];
    snprintf(banner, sizeof banner,
             "berth: attached to %s%s; ctrl-p ctrl-q detaches (the container keeps running)\r\n",
             name, open_stdin ? "" : " (its input is closed: output only)");
    for (char *p = banner; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\r' && *p != '\n')
            *p = '?';
    session_enter(&s, banner);
    char *path = xasprintf("/containers/%s/attach?stream=1&stdin=1&stdout=1&stderr=1"
                           "&detachKeys=ctrl-p,ctrl-q",
                           id);
    s.h = hijack_open(ui->engine, path, NULL, 0, &err);
    free(path);
    if (s.h) {
        session_resize(&s);
        session_pump(&s);
        hijack_close(s.h);
    }
    session_leave(&s);
    if (!s.h)
        ui_status(ui, true, "Attach to %s: %s", name, err.message);
    else if (s.detached)
        ui_status(ui, false, "Detached from %s; it keeps running", name);
    else
        ui_status(ui, false, "Attach to %s ended (its main process stopped or detached)", name);
}

/* --- the one-shot pane ------------------------------------------------------- */

struct oneshot {
    char id[65];
    char name[256];
    char *cmdline;
    uint64_t ticket;
    struct fetch *fetch; /* the answer's source: destroy drops one still to come */
    bool done;
    struct fetch_result result;
    char **lines; /* output split into lines */
    size_t nlines;
    struct scroll scroll;
};

static void oneshot_collect(struct oneshot *o, struct ui *ui)
{
    if (o->done || !ui->fetch || !fetch_take(ui->fetch, o->ticket, &o->result))
        return;
    o->done = true;
    o->ticket = 0;
    const char *p = o->result.body ? o->result.body : "";
    const char *end = p + o->result.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len && p[len - 1] == '\r')
            len--;
        o->lines = xrealloc(o->lines, (o->nlines + 1) * sizeof *o->lines);
        o->lines[o->nlines++] = xstrndup(p, len);
        p = nl ? nl + 1 : end;
    }
}

static void oneshot_draw(void *self, struct ui *ui, const struct ui_rect *r)
{
    struct oneshot *o = self;
    oneshot_collect(o, ui);
    attr_t base = theme_attr(THEME_DEFAULT);
    draw_clear(r, base);
    if (r->h < 3)
        return;
    attr_t head = theme_attr(THEME_TABLE_HEADER);
    draw_fill(r->y, r->x, r->w, head);
    int x = r->x + draw_text(r->y, r->x, r->w, " Exec in ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, o->name, head);
    x += draw_text(r->y, x, r->x + r->w - x, ": ", head);
    x += draw_engine(r->y, x, r->x + r->w - x, o->cmdline, head);
    draw_text(r->y, x, r->x + r->w - x, "  (Esc goes back)", head);
    scroll_clamp(&o->scroll, (long)o->nlines, r->h - 2);
    for (long i = 0; i < o->scroll.page && o->scroll.top + i < (long)o->nlines; i++)
        draw_engine(r->y + 1 + (int)i, r->x + 1, r->w - 1, o->lines[o->scroll.top + i], base);
    char foot[BERTH_ERROR_MESSAGE_MAX + 64];
    attr_t fa = theme_attr(THEME_HEADER_LABEL);
    if (!o->done) {
        snprintf(foot, sizeof foot, "running...");
    } else if (!o->result.ok) {
        snprintf(foot, sizeof foot, "failed: %s", o->result.err.message);
        fa = theme_attr(THEME_STATUS_ERROR);
    } else {
        snprintf(foot, sizeof foot, "exit code %d%s%s", o->result.exit_code,
                 o->result.truncated ? " (output cut at 1 MiB)" : "",
                 o->nlines == 0 ? " (no output)" : "");
        if (o->result.exit_code != 0)
            fa = theme_attr(THEME_STATUS_ERROR);
    }
    draw_engine(r->y + r->h - 1, r->x + 1, r->w - 1, foot, fa);
}

static unsigned oneshot_action(void *self, struct ui *ui, enum action_id id)
{
    struct oneshot *o = self;
    (void)ui;
    unsigned moved = scroll_action(&o->scroll, id);
    if (moved != UI_IGNORED)
        return moved;
    switch (id) {
    case ACTION_BACK:
    case ACTION_QUIT:
        return UI_CLOSE | UI_REDRAW;
    default:
        return UI_IGNORED;
    }
}

static void oneshot_destroy(void *self)
{
    struct oneshot *o = self;
    if (o->ticket)
        fetch_forget(o->fetch, o->ticket);
    for (size_t i = 0; i < o->nlines; i++)
        free(o->lines[i]);
    free(o->lines);
    fetch_result_done(&o->result);
    free(o->cmdline);
    free(o);
}

static const struct panel_ops oneshot_ops = {
    .name = "exec",
    .context = ACTION_CTX_LOG,
    .place = UI_PLACE_MAIN,
    .modal = true,
    .key = NULL,
    .action = oneshot_action,
    .mouse = NULL,
    .snapshot = NULL,
    .draw = oneshot_draw,
    .interest = NULL,
    .destroy = oneshot_destroy,
};

bool exec_command(struct ui *ui, const char *line)
{
    while (*line == ' ')
        line++;
    if (strncmp(line, "exec", 4) != 0 || (line[4] != ' ' && line[4] != '\0'))
        return false;
    const char *cmd = line + 4;
    while (*cmd == ' ')
        cmd++;
    char **words = NULL;
    int n = exec_split(cmd, &words);
    if (n <= 0) {
        ui_status(ui, true, "%s",
                  n < 0 ? "exec: a quote is not closed" : "usage: exec COMMAND [ARG...]");
        exec_words_free(words);
        return true;
    }
    if (!ui->fetch || !exec_can_run(ui, ui->sel_id, "exec")) {
        if (!ui->fetch)
            ui_status(ui, true, "exec needs an engine connection");
        exec_words_free(words);
        return true;
    }
    if (!ui_action_allowed(ui, ACTION_EXEC_SHELL)) {
        exec_words_free(words);
        return true;
    }
    struct oneshot *o = xcalloc(1, sizeof *o);
    snprintf(o->id, sizeof o->id, "%s", ui->sel_id);
    snprintf(o->name, sizeof o->name, "%s", exec_name(ui, ui->sel_id));
    o->cmdline = xstrdup(cmd);
    o->fetch = ui->fetch;
    o->ticket = fetch_exec(ui->fetch, o->id, (const char *const *)words, (size_t)n);
    exec_words_free(words);
    if (ui_push(ui, &oneshot_ops, o) && ui->noverlays >= 2 &&
        ui->overlays[ui->noverlays - 2].ops->place == UI_PLACE_STATUS) {
        /* Typed at the prompt, which closes itself (the top overlay) when
         * this returns: the pane goes just below it. */
        struct ui_layer pane = ui->overlays[ui->noverlays - 1];
        ui->overlays[ui->noverlays - 1] = ui->overlays[ui->noverlays - 2];
        ui->overlays[ui->noverlays - 2] = pane;
    }
    return true;
}
