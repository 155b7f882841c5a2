/* Allocation helpers that never return NULL.
 *
 * On exhaustion they run the registered fatal hook (the UI uses it to give
 * the terminal back) and abort, so callers never check for NULL. */
#ifndef BERTH_SRC_XALLOC_H
#define BERTH_SRC_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called once before abort() on allocation failure; NULL clears it. */
void xalloc_set_fatal_hook(void (*hook)(void));

#endif
