/* Volume backup and restore (see volume_backup.h).
 *
 * The order of work matters for the promises made there: the helper
 * container exists only between create and the final DELETE, which runs
 * on every path; the temporary file is unlinked on every failure path
 * before the error is returned; the rename is the last step, after the
 * data and the file's metadata are on disk. */
#include "config.h"

#include "volume_backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "engine_archive.h"
#include "engine_volumes.h"
#include "xalloc.h"

#define BACKUP_GZIP_LEVEL 6 /* gzip's own default: the usual size for the time */
#define BACKUP_OUT_CHUNK (256 * 1024)
#define BACKUP_PROGRESS_NS 100000000L
#define BACKUP_MOUNT "/data"

/* --- tar scanning -------------------------------------------------------- */

void volume_tar_scan_init(struct volume_tar_scan *s)
{
    memset(s, 0, sizeof *s);
}

/* A header's size field: octal text, or base-256 when the top bit is set. */
static uint64_t backup_tar_size(const unsigned char *h)
{
    const unsigned char *f = h + 124;
    uint64_t v = 0;
    if (f[0] & 0x80) {
        for (int i = 1; i < 12; i++)
            v = (v << 8) | f[i];
        return v;
    }
    for (int i = 0; i < 12 && f[i]; i++) {
        if (f[i] >= '0' && f[i] <= '7')
            v = v * 8 + (uint64_t)(f[i] - '0');
    }
    return v;
}

static void backup_tar_header(struct volume_tar_scan *s)
{
    bool zero = true;
    for (size_t i = 0; i < 512 && zero; i++)
        zero = s->block[i] == 0;
    if (zero) {
        s->end = true;
        return;
    }
    uint64_t size = backup_tar_size(s->block);
    s->skip = (size + 511) / 512 * 512;
    char type = (char)s->block[156];
    if (type != 'x' && type != 'g' && type != 'L' && type != 'K')
        s->entries++;
}

void volume_tar_scan_feed(struct volume_tar_scan *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0 && !s->end) {
        if (s->skip > 0) {
            size_t n = s->skip < len ? (size_t)s->skip : len;
            s->skip -= n;
            p += n;
            len -= n;
            continue;
        }
        size_t n = 512 - s->have < len ? 512 - s->have : len;
        memcpy(s->block + s->have, p, n);
        s->have += n;
        p += n;
        len -= n;
        if (s->have == 512) {
            s->have = 0;
            backup_tar_header(s);
        }
    }
}

/* --- the helper image and container ---------------------------------- */

static double backup_elapsed(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Make the empty image once: an image from a 0-byte import has no content,
 * so the engine copies nothing into an empty volume mounted from it. */
static int backup_helper_image(struct engine *e, struct berth_error *err)
{
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "GET", "/images/" VOLUME_HELPER_IMAGE "/json", NULL, NULL, 0, &resp,
                            err);
    long status = resp.status;
    engine_response_done(&resp);
    if (rc < 0)
        return -1;
    if (status == 200)
        return 0;
    char *changes = engine_urlencode("LABEL " VOLUME_HELPER_LABEL "=volume-transfer");
    char *path = xasprintf("/images/create?fromSrc=-&repo=berth-empty&tag=1&changes=%s", changes);
    free(changes);
    engine_response_init(&resp);
    /* An empty tar body with its real type: a form type would be eaten. */
    rc = engine_request(e, "POST", path, "application/x-tar", "", 0, &resp, err);
    free(path);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    if (rc == 0 && resp.body.data && strstr(resp.body.data, "\"error\""))
        rc = berth_error_set(err, BERTH_ERR_HTTP, resp.status,
                             "cannot make the helper image %s: %.200s", VOLUME_HELPER_IMAGE,
                             resp.body.data);
    engine_response_done(&resp);
    return rc;
}

/* A created-only container with the volume on /data; *id gets its id. */
static int backup_helper_create(struct engine *e, const char *volume, bool read_only, char **id,
                                struct berth_error *err)
{
    *id = NULL;
    if (backup_helper_image(e, err) < 0)
        return -1;
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "Image", VOLUME_HELPER_IMAGE);
    /* The engine wants a command; this one never runs. */
    cJSON *cmd = cJSON_AddArrayToObject(body, "Cmd");
    cJSON_AddItemToArray(cmd, cJSON_CreateString("/berth-never-runs"));
    cJSON_AddBoolToObject(body, "NetworkDisabled", 1);
    cJSON *labels = cJSON_AddObjectToObject(body, "Labels");
    cJSON_AddStringToObject(labels, VOLUME_HELPER_LABEL, "volume-transfer");
    cJSON *host = cJSON_AddObjectToObject(body, "HostConfig");
    cJSON *mounts = cJSON_AddArrayToObject(host, "Mounts");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "Type", "volume");
    cJSON_AddStringToObject(m, "Source", volume);
    cJSON_AddStringToObject(m, "Target", BACKUP_MOUNT);
    cJSON_AddBoolToObject(m, "ReadOnly", read_only);
    cJSON_AddItemToArray(mounts, m);
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    struct engine_response resp;
    engine_response_init(&resp);
    int rc = engine_request(e, "POST", "/containers/create", "application/json", text,
                            strlen(text), &resp, err);
    free(text);
    if (rc == 0)
        rc = engine_check_status(&resp, err);
    if (rc == 0) {
        cJSON *doc = cJSON_ParseWithLength(resp.body.data, resp.body.len);
        const char *cid = engine_json_str(doc, "Id");
        if (cid)
            *id = xstrdup(cid);
        else
            rc = berth_error_set(err, BERTH_ERR_PROTOCOL, resp.status,
                                 "the engine created the helper container but sent no id");
        cJSON_Delete(doc);
    }
    engine_response_done(&resp);
    return rc;
}

static void backup_helper_remove(struct engine *e, const char *id)
{
    if (!id)
        return;
    struct berth_error ignored;
    struct engine_response resp;
    engine_response_init(&resp);
    char *path = xasprintf("/containers/%s?force=1", id);
    engine_request(e, "DELETE", path, NULL, NULL, 0, &resp, &ignored);
    free(path);
    engine_response_done(&resp);
}

/* --- probing ---------------------------------------------------------- */

struct backup_probe {
    struct volume_tar_scan scan;
};

static int backup_probe_sink(void *user, const void *data, size_t len, struct berth_error *err)
{
    struct backup_probe *p = user;
    volume_tar_scan_feed(&p->scan, data, len);
    /* "./" itself is the first entry; a second one means content. */
    if (p->scan.entries >= 2)
        return berth_error_set(err, BERTH_ERR_CANCELLED, 0, "enough");
    return 0;
}

int volume_probe(struct engine *e, const char *volume, bool *exists, bool *empty,
                 struct berth_error *err)
{
    *exists = false;
    *empty = true;
    struct volume_info vi;
    if (engine_volume_inspect(e, volume, &vi, err) < 0) {
        if (err->http_status == 404) {
            berth_error_clear(err);
            return 0;
        }
        return -1;
    }
    volume_info_done(&vi);
    *exists = true;
    char *id;
    if (backup_helper_create(e, volume, true, &id, err) < 0)
        return -1;
    struct backup_probe p;
    volume_tar_scan_init(&p.scan);
    int rc = engine_archive_get(e, id, BACKUP_MOUNT "/.", backup_probe_sink, &p, NULL, err);
    backup_helper_remove(e, id);
    free(id);
    if (rc < 0 && err->kind == BERTH_ERR_CANCELLED && p.scan.entries >= 2) {
        berth_error_clear(err);
        rc = 0;
    }
    if (rc == 0)
        *empty = p.scan.entries < 2;
    return rc;
}

/* --- backup ----------------------------------------------------------- */

struct backup_writer {
    int fd;
    z_stream z;
    unsigned char *out;
    struct volume_progress prog;
    const struct volume_xfer_opts *o;
    struct timespec t0, last;
};

static void backup_report(struct backup_writer *w, bool force)
{
    if (!w->o || !w->o->progress)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ns = (long)(now.tv_sec - w->last.tv_sec) * 1000000000L + (now.tv_nsec - w->last.tv_nsec);
    if (!force && ns < BACKUP_PROGRESS_NS)
        return;
    w->last = now;
    w->prog.seconds = backup_elapsed(&w->t0);
    w->o->progress(w->o->user, &w->prog);
}

static int backup_write_all(int fd, const unsigned char *p, size_t n, struct berth_error *err)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot write the backup: %s",
                                   strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Deflate what is in w->z (flush: Z_NO_FLUSH or Z_FINISH) to the file. */
static int backup_deflate(struct backup_writer *w, int flush, struct berth_error *err)
{
    do {
        w->z.next_out = w->out;
        w->z.avail_out = BACKUP_OUT_CHUNK;
        int zrc = deflate(&w->z, flush);
        if (zrc == Z_STREAM_ERROR)
            return berth_error_set(err, BERTH_ERR_IO, 0, "gzip failed");
        size_t have = BACKUP_OUT_CHUNK - w->z.avail_out;
        if (backup_write_all(w->fd, w->out, have, err) < 0)
            return -1;
        w->prog.file_bytes += have;
    } while (w->z.avail_out == 0 || (flush == Z_FINISH && w->z.avail_in > 0));
    return 0;
}

static int backup_sink(void *user, const void *data, size_t len, struct berth_error *err)
{
    struct backup_writer *w = user;
    w->z.next_in = (Bytef *)(uintptr_t)data;
    w->z.avail_in = (uInt)len;
    if (backup_deflate(w, Z_NO_FLUSH, err) < 0)
        return -1;
    w->prog.tar_bytes += len;
    backup_report(w, false);
    return 0;
}

/* Finish the gzip stream and make the file durable. */
static int backup_finish(struct backup_writer *w, struct berth_error *err)
{
    w->z.next_in = NULL;
    w->z.avail_in = 0;
    for (;;) {
        w->z.next_out = w->out;
        w->z.avail_out = BACKUP_OUT_CHUNK;
        int zrc = deflate(&w->z, Z_FINISH);
        size_t have = BACKUP_OUT_CHUNK - w->z.avail_out;
        if (backup_write_all(w->fd, w->out, have, err) < 0)
            return -1;
        w->prog.file_bytes += have;
        if (zrc == Z_STREAM_END)
            break;
        if (zrc != Z_OK && zrc != Z_BUF_ERROR)
            return berth_error_set(err, BERTH_ERR_IO, 0, "gzip failed to finish");
    }
    if (fsync(w->fd) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot sync the backup: %s",
                               strerror(errno));
    return 0;
}

static void backup_sync_dir(const char *file)
{
    char *copy = xstrdup(file);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

int volume_backup(struct engine *e, const char *volume, const char *file,
                  const struct volume_xfer_opts *o, struct volume_progress *done,
                  struct berth_error *err)
{
    if (done)
        memset(done, 0, sizeof *done);
    struct stat st;
    if (lstat(file, &st) == 0)
        return berth_error_set(err, BERTH_ERR_USAGE, 0, "%s exists; remove it or choose another name",
                               file);
    struct volume_info vi;
    if (engine_volume_inspect(e, volume, &vi, err) < 0)
        return -1;
    volume_info_done(&vi);

    char *tmp = xasprintf("%s.XXXXXX", file);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create a file beside %s: %s", file,
                        strerror(errno));
        free(tmp);
        return -1;
    }
    fchmod(fd, 0600);
    struct backup_writer w;
    memset(&w, 0, sizeof w);
    w.fd = fd;
    w.o = o;
    w.out = xmalloc(BACKUP_OUT_CHUNK);
    clock_gettime(CLOCK_MONOTONIC, &w.t0);
    w.last = w.t0;
    int rc = 0;
    /* 15 + 16: a gzip wrapper, not zlib's own. */
    if (deflateInit2(&w.z, BACKUP_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        rc = berth_error_set(err, BERTH_ERR_IO, 0, "cannot start gzip");
    char *id = NULL;
    if (rc == 0)
        rc = backup_helper_create(e, volume, true, &id, err);
    if (rc == 0)
        rc = engine_archive_get(e, id, BACKUP_MOUNT "/.", backup_sink, &w,
                                o ? o->cancel : NULL, err);
    backup_helper_remove(e, id);
    free(id);
    if (rc == 0 && o && o->cancel && atomic_load(o->cancel))
        rc = berth_error_set(err, BERTH_ERR_CANCELLED, 0, "cancelled");
    if (rc == 0)
        rc = backup_finish(&w, err);
    deflateEnd(&w.z);
    if (close(fd) < 0 && rc == 0)
        rc = berth_error_set(err, BERTH_ERR_IO, 0, "cannot write the backup: %s",
                             strerror(errno));
    if (rc == 0 && rename(tmp, file) < 0)
        rc = berth_error_set(err, BERTH_ERR_IO, 0, "cannot rename the backup to %s: %s", file,
                             strerror(errno));
    if (rc < 0)
        unlink(tmp);
    else
        backup_sync_dir(file);
    free(tmp);
    free(w.out);
    backup_report(&w, true);
    w.prog.seconds = backup_elapsed(&w.t0);
    if (done)
        *done = w.prog;
    return rc;
}

/* --- restore ------------------------------------------------------------ */

struct backup_reader {
    gzFile gz;
    int fd;
    struct backup_writer clock; /* figures and the progress clock */
};

static ssize_t backup_source(void *user, void *buf, size_t max, struct berth_error *err)
{
    struct backup_reader *r = user;
    if (max > (1u << 30))
        max = 1u << 30;
    int n = gzread(r->gz, buf, (unsigned)max);
    if (n < 0) {
        int code;
        const char *msg = gzerror(r->gz, &code);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read the archive: %s",
                               msg ? msg : "gzip error");
    }
    r->clock.prog.tar_bytes += (uint64_t)n;
    off_t at = lseek(r->fd, 0, SEEK_CUR);
    if (at >= 0)
        r->clock.prog.file_bytes = (uint64_t)at;
    backup_report(&r->clock, false);
    return n;
}

/* Remove the volume and create it again as it was (driver, options,
 * labels): the one way to empty it without running anything in it. */
static int backup_clear(struct engine *e, const char *volume, struct berth_error *err)
{
    struct volume_info vi;
    if (engine_volume_inspect(e, volume, &vi, err) < 0)
        return -1;
    char **labels = NULL, **opts = NULL;
    size_t nl = 0, no = 0;
    const char *srcs[2] = {vi.labels, vi.options};
    char ***dst[2] = {&labels, &opts};
    size_t *cnt[2] = {&nl, &no};
    for (int k = 0; k < 2; k++) {
        char *copy = xstrdup(srcs[k]);
        *dst[k] = xcalloc(strlen(copy) + 1, sizeof(char *));
        for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            (*dst[k])[(*cnt[k])++] = xstrdup(t);
        free(copy);
    }
    int rc = engine_volume_remove(e, volume, false, err);
    if (rc == 0)
        rc = engine_volume_create(e, volume, vi.driver, labels, nl, opts, no, NULL, err);
    for (size_t i = 0; i < nl; i++)
        free(labels[i]);
    for (size_t i = 0; i < no; i++)
        free(opts[i]);
    free(labels);
    free(opts);
    volume_info_done(&vi);
    return rc;
}

int volume_restore(struct engine *e, const char *file, const char *volume,
                   enum volume_restore_mode mode, const struct volume_xfer_opts *o,
                   struct volume_progress *done, struct berth_error *err)
{
    if (done)
        memset(done, 0, sizeof *done);
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot open %s: %s", file, strerror(errno));
    int gzfd = dup(fd);
    gzFile gz = gzfd >= 0 ? gzdopen(gzfd, "rb") : NULL;
    if (!gz) {
        if (gzfd >= 0)
            close(gzfd);
        close(fd);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s", file);
    }
    gzbuffer(gz, 256 * 1024);
    bool exists, empty;
    int rc = volume_probe(e, volume, &exists, &empty, err);
    if (rc == 0 && exists && !empty) {
        if (mode == VOLUME_RESTORE_EMPTY_ONLY)
            rc = berth_error_set(err, BERTH_ERR_USAGE, 0,
                                 "volume %s is not empty: choose to merge into it or to clear "
                                 "it first",
                                 volume);
        else if (mode == VOLUME_RESTORE_CLEAR)
            rc = backup_clear(e, volume, err);
    }
    struct backup_reader r;
    memset(&r, 0, sizeof r);
    r.gz = gz;
    r.fd = fd;
    r.clock.o = o;
    clock_gettime(CLOCK_MONOTONIC, &r.clock.t0);
    r.clock.last = r.clock.t0;
    char *id = NULL;
    if (rc == 0)
        rc = backup_helper_create(e, volume, false, &id, err);
    uint64_t sent = 0;
    if (rc == 0)
        rc = engine_archive_put(e, id, BACKUP_MOUNT, backup_source, &r, o ? o->cancel : NULL,
                                &sent, err);
    backup_helper_remove(e, id);
    free(id);
    gzclose(gz);
    close(fd);
    r.clock.prog.seconds = backup_elapsed(&r.clock.t0);
    backup_report(&r.clock, true);
    if (rc < 0 && sent > 0) {
        char msg[BERTH_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        berth_error_set(err, err->kind, err->http_status,
                        "%s; %llu bytes of the archive were sent: volume %s may hold part of it",
                        msg, (unsigned long long)sent, volume);
    }
    if (done) {
        *done = r.clock.prog;
        done->tar_bytes = sent;
    }
    return rc;
}
