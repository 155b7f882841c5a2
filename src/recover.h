/* Recovery files: what the editor holds but has not saved, kept on disk so
 * that nothing typed is lost when berth is killed.
 *
 * One file per edited path: $XDG_STATE_HOME/berth/recover/<sha256 of the
 * absolute path>.yml (~/.local/state when XDG_STATE_HOME is unset). Its
 * first line names the original ("# berth recovery file for: PATH"), the
 * rest is the buffer. Written atomically; removed once the text is saved
 * or deliberately discarded. */
#ifndef BERTH_SRC_RECOVER_H
#define BERTH_SRC_RECOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* The absolute form of path (the file need not exist); free it. */
char *recover_abspath(const char *path);

/* The recovery file for path (any form; made absolute); free it. */
char *recover_file(const char *path);

/* Write text as the recovery copy of path, creating the folders. */
int recover_write(const char *path, const char *text, size_t len, struct berth_error *err);

/* Read the recovery copy of path: 1 with *text (malloc'd) when there is
 * one for this path, 0 when there is none. */
int recover_read(const char *path, char **text, size_t *len);

/* Remove the recovery copy of path (none is fine). */
void recover_remove(const char *path);

#endif
