/* Findings about a compose file: see compose_findings.h. */
#include "config.h"

#include "compose_findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void compose_findings_init(struct compose_findings *f)
{
    f->items = NULL;
    f->count = 0;
    f->cap = 0;
}

void compose_findings_done(struct compose_findings *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].file);
        free(f->items[i].message);
    }
    free(f->items);
    compose_findings_init(f);
}

void compose_findings_add(struct compose_findings *f, enum compose_severity severity,
                          const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    if (f->count == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->items = xrealloc(f->items, f->cap * sizeof *f->items);
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    struct compose_finding *it = &f->items[f->count++];
    it->severity = severity;
    it->file = xstrdup(file ? file : "");
    it->line = line;
    it->col = col;
    it->message = msg;
}

/* qsort is not stable, so ties fall back on the original index. */
struct compose_findings_key {
    const struct compose_finding *item;
    size_t index;
    const char *first_file;
};

static int compose_findings_cmp(const void *pa, const void *pb)
{
    const struct compose_findings_key *a = pa, *b = pb;
    const struct compose_finding *x = a->item, *y = b->item;
    int fc = strcmp(x->file, y->file);
    if (fc != 0) {
        if (a->first_file && strcmp(x->file, a->first_file) == 0)
            return -1;
        if (a->first_file && strcmp(y->file, a->first_file) == 0)
            return 1;
        return fc;
    }
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if (x->severity != y->severity)
        return x->severity < y->severity ? -1 : 1;
    return a->index < b->index ? -1 : (a->index > b->index);
}

void compose_findings_sort(struct compose_findings *f, const char *first_file)
{
    if (f->count < 2)
        return;
    struct compose_findings_key *keys = xmalloc(f->count * sizeof *keys);
    for (size_t i = 0; i < f->count; i++) {
        keys[i].item = &f->items[i];
        keys[i].index = i;
        keys[i].first_file = first_file;
    }
    qsort(keys, f->count, sizeof *keys, compose_findings_cmp);
    struct compose_finding *sorted = xmalloc(f->cap * sizeof *sorted);
    for (size_t i = 0; i < f->count; i++)
        sorted[i] = *keys[i].item;
    free(keys);
    free(f->items);
    f->items = sorted;
}

size_t compose_findings_count(const struct compose_findings *f, enum compose_severity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += f->items[i].severity == severity;
    return n;
}

const char *compose_severity_name(enum compose_severity severity)
{
    return severity == COMPOSE_ERROR ? "error" : "warning";
}
