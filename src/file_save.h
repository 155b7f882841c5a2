/* Reading and saving a file the editor works on, safely.
 *
 * file_load reads a file and records a stamp (size, mtime in ns, a hash of
 * the content, mode and owner). file_changed compares the file on disk
 * with a stamp, so a save can refuse to overwrite a change made by someone
 * else since the file was opened. file_save writes atomically: a temporary
 * file in the same folder (mkstemp), write, fsync, the original's mode
 * (and owner when we are root), FILE.bak holding the previous content
 * (itself written the same way), rename over the original, fsync the
 * folder. On any failure the original is left as it was and the error
 * comes back as a value with a message saying what could not be done. */
#ifndef BERTH_SRC_FILE_SAVE_H
#define BERTH_SRC_FILE_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct file_stamp {
    bool exists;
    off_t size;
    int64_t mtime_ns;
    uint8_t hash[32]; /* SHA-256 of the content */
    mode_t mode;      /* permission bits */
    uid_t uid;
    gid_t gid;
};

/* Read path into *text (NUL-terminated, malloc'd) and fill st. A missing
 * file is not an error: *text is "", st->exists false. */
int file_load(const char *path, char **text, size_t *len, struct file_stamp *st,
              struct berth_error *err);

/* True when the file on disk is not what st describes (created, deleted,
 * or different content; a new mtime with the same content is no change). */
bool file_changed(const char *path, const struct file_stamp *st);

/* Write data to path atomically with the given mode (and owner when
 * uid != (uid_t)-1 and we are root). No backup. */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
                      gid_t gid, struct berth_error *err);

/* Save data over path: keeps path's mode and owner (orig may be NULL: the
 * file as it is on disk now; 0644 when it does not exist), writes
 * path.bak with the previous content when backup is set, and fills
 * *after (may be NULL) with the new stamp. */
int file_save(const char *path, const void *data, size_t len, bool backup, struct file_stamp *after,
              struct berth_error *err);

#endif
