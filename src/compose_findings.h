/* Findings about a compose file: what the validator tells the operator.
 *
 * A finding is a severity, a place (file, 1-based line and column; 0 when
 * the whole file is meant) and one sentence. Messages may quote the file's
 * own text, so they are untrusted: sanitise before drawing or printing. */
#ifndef BERTH_SRC_COMPOSE_FINDINGS_H
#define BERTH_SRC_COMPOSE_FINDINGS_H

#include <stddef.h>

enum compose_severity {
    COMPOSE_ERROR = 0, /* the file would be refused */
    COMPOSE_WARNING,   /* accepted, but probably not what was meant */
};

struct compose_finding {
    enum compose_severity severity;
    char *file;    /* the compose file or its .env */
    unsigned line; /* 1-based; 0 for the whole file */
    unsigned col;  /* 1-based, in characters; 0 for the whole line or file */
    char *message;
};

struct compose_findings {
    struct compose_finding *items;
    size_t count;
    size_t cap;
};

void compose_findings_init(struct compose_findings *f);
void compose_findings_done(struct compose_findings *f);

void compose_findings_add(struct compose_findings *f, enum compose_severity severity,
                          const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Order by file (first_file first, then by name), line, column, severity
 * (errors first); equal ones keep the order they were added in. */
void compose_findings_sort(struct compose_findings *f, const char *first_file);

size_t compose_findings_count(const struct compose_findings *f, enum compose_severity severity);

/* "error" / "warning". */
const char *compose_severity_name(enum compose_severity severity);

#endif
