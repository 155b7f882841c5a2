/* Back up a volume to a .tar.gz file and restore one into a volume.
 *
 * Data streams through the engine's archive API, so it works the same for
 * a remote engine, and nothing runs in a container: the volume is mounted
 * into a created-only container of an empty image (berth-empty:1, made
 * once from an empty tar, never pulled) and the container is removed
 * afterwards. Backup mounts the volume read-only: it never changes it.
 *
 * Backup writes the gzip stream (zlib) to a temporary file beside the
 * target, then fsync and rename: on failure or cancel the temporary file
 * is removed, so no partial file is ever left. The archive's entries are
 * "./..." (the volume's contents), like `tar -C DIR -czf FILE .`.
 *
 * Restore streams the file through gunzip into the upload. It refuses a
 * volume that holds anything unless the caller chose to merge (files are
 * written over what is there) or to clear it first (the volume is removed
 * and created again with the same driver, options and labels). */
#ifndef BERTH_SRC_VOLUME_BACKUP_H
#define BERTH_SRC_VOLUME_BACKUP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "error.h"

#define VOLUME_HELPER_IMAGE "berth-empty:1"
#define VOLUME_HELPER_LABEL "berth.helper"

struct volume_progress {
    uint64_t tar_bytes;  /* archive bytes moved to or from the engine */
    uint64_t file_bytes; /* compressed bytes written to or read from the file */
    double seconds;      /* since the transfer began */
};

typedef void (*volume_progress_fn)(void *user, const struct volume_progress *p);

struct volume_xfer_opts {
    volume_progress_fn progress; /* may be NULL; called at most every 100 ms */
    void *user;
    const atomic_bool *cancel; /* may be NULL */
};

enum volume_restore_mode {
    VOLUME_RESTORE_EMPTY_ONLY = 0, /* refuse a volume that holds anything */
    VOLUME_RESTORE_MERGE,          /* write over what is there */
    VOLUME_RESTORE_CLEAR,          /* remove and recreate the volume first */
};

/* Back volume up into file (a new file; an existing one is refused). done
 * (may be NULL) receives the final figures. */
int volume_backup(struct engine *e, const char *volume, const char *file,
                  const struct volume_xfer_opts *o, struct volume_progress *done,
                  struct berth_error *err);

/* Restore file into volume (created when missing). On failure done holds
 * what was written, and err says so. */
int volume_restore(struct engine *e, const char *file, const char *volume,
                   enum volume_restore_mode mode, const struct volume_xfer_opts *o,
                   struct volume_progress *done, struct berth_error *err);

/* Whether the volume exists and holds anything (entries besides its root). */
int volume_probe(struct engine *e, const char *volume, bool *exists, bool *empty,
                 struct berth_error *err);

/* --- tar scanning, exposed for tests ------------------------------------ */

/* Counts entries of a tar stream fed in pieces (pax and GNU long-name
 * headers are not entries; file data is skipped by its size). */
struct volume_tar_scan {
    unsigned char block[512];
    size_t have;    /* bytes of the current header block */
    uint64_t skip;  /* data bytes to skip before the next header */
    size_t entries; /* entries seen */
    bool end;       /* the zero block that ends the archive */
};

void volume_tar_scan_init(struct volume_tar_scan *s);
void volume_tar_scan_feed(struct volume_tar_scan *s, const void *data, size_t len);

#endif
