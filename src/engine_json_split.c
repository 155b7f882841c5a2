/* JSON value splitter: see engine_json_split.h. */
#include "config.h"

#include "engine_json_split.h"

#include <string.h>

void engine_json_split_init(struct engine_json_split *sp, size_t max_value)
{
    memset(sp, 0, sizeof *sp);
    strbuf_init(&sp->buf);
    sp->max_value = max_value;
}

void engine_json_split_done(struct engine_json_split *sp)
{
    strbuf_done(&sp->buf);
}

static bool engine_json_split_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parse buf[start..end) and hand it over. */
static int engine_json_split_emit(struct engine_json_split *sp, size_t end,
                                  engine_json_emit_fn emit, void *user, bool *stopped)
{
    cJSON *v = cJSON_ParseWithLength(sp->buf.data + sp->start, end - sp->start);
    if (!v)
        return -1;
    sp->in_value = false;
    if (!emit(user, v))
        *stopped = true;
    cJSON_Delete(v);
    return 0;
}

int engine_json_split_feed(struct engine_json_split *sp, const char *data, size_t len,
                           engine_json_emit_fn emit, void *user, bool *stopped)
{
    *stopped = false;
    strbuf_append(&sp->buf, data, len);
    size_t n = sp->buf.len;
    const char *b = sp->buf.data;
    size_t i;
    for (i = sp->scan; i < n && !*stopped; i++) {
        char c = b[i];
        if (!sp->in_value) {
            if (engine_json_split_space(c))
                continue;
            sp->in_value = true;
            sp->start = i;
            sp->depth = 0;
            sp->in_string = sp->escape = false;
            sp->scalar = false;
            if (c == '{' || c == '[')
                sp->depth = 1;
            else if (c == '"')
                sp->in_string = true;
            else
                sp->scalar = true;
            continue;
        }
        if (sp->scalar) {
            if (engine_json_split_space(c) &&
                engine_json_split_emit(sp, i, emit, user, stopped) < 0)
                return -1;
            continue;
        }
        if (sp->in_string) {
            if (sp->escape)
                sp->escape = false;
            else if (c == '\\')
                sp->escape = true;
            else if (c == '"') {
                sp->in_string = false;
                if (sp->depth == 0 && engine_json_split_emit(sp, i + 1, emit, user, stopped) < 0)
                    return -1;
            }
            continue;
        }
        if (c == '"') {
            sp->in_string = true;
        } else if (c == '{' || c == '[') {
            sp->depth++;
        } else if (c == '}' || c == ']') {
            if (--sp->depth == 0 && engine_json_split_emit(sp, i + 1, emit, user, stopped) < 0)
                return -1;
        }
    }
    /* Drop what is consumed; keep the value in progress at offset 0. */
    size_t keep_from = sp->in_value ? sp->start : i;
    memmove(sp->buf.data, sp->buf.data + keep_from, n - keep_from);
    sp->buf.len = n - keep_from;
    sp->buf.data[sp->buf.len] = '\0';
    sp->scan = i - keep_from;
    sp->start = 0;
    if (sp->in_value && sp->buf.len > sp->max_value)
        return -1;
    return 0;
}

int engine_json_split_finish(struct engine_json_split *sp, engine_json_emit_fn emit, void *user,
                             bool *stopped)
{
    *stopped = false;
    if (!sp->in_value)
        return 0;
    if (!sp->scalar)
        return -1;
    return engine_json_split_emit(sp, sp->buf.len, emit, user, stopped);
}

const char *engine_json_split_pending(const struct engine_json_split *sp, size_t *len)
{
    size_t from = sp->in_value ? sp->start : 0;
    *len = sp->buf.len - from;
    return sp->buf.data + from;
}
