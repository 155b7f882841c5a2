/* Atomic saves with a backup and change detection (see file_save.h). */
#include "config.h"

#include "file_save.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

static int64_t stat_mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

static void stamp_from_stat(struct file_stamp *st, const struct stat *sb)
{
    st->exists = true;
    st->size = sb->st_size;
    st->mtime_ns = stat_mtime_ns(sb);
    st->mode = sb->st_mode & 07777;
    st->uid = sb->st_uid;
    st->gid = sb->st_gid;
}

static int io_error(struct berth_error *err, int e, const char *what, const char *path)
{
    const char *hint = "";
    if (e == ENOSPC || e == EDQUOT)
        hint = " (the disk is full)";
    else if (e == EROFS)
        hint = " (the file system is read-only)";
    else if (e == EACCES || e == EPERM)
        hint = " (permission denied)";
    return berth_error_set(err, BERTH_ERR_IO, 0, "cannot %s %s: %s%s; the file was not changed",
                           what, path, strerror(e), hint);
}

/* Read all of fd. */
static int read_all(int fd, struct strbuf *out)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        strbuf_append(out, buf, (size_t)n);
    }
}

int file_load(const char *path, char **text, size_t *len, struct file_stamp *st,
              struct berth_error *err)
{
    memset(st, 0, sizeof *st);
    *text = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO named by mistake must not hang the caller. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT) {
        *text = xstrdup("");
        return 0;
    }
    if (fd < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot open %s: %s", path, strerror(errno));
    struct stat sb;
    struct strbuf sbuf;
    strbuf_init(&sbuf);
    if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        close(fd);
        return berth_error_set(err, BERTH_ERR_IO, 0, "%s is not a regular file", path);
    }
    if (read_all(fd, &sbuf) < 0) {
        int e = errno;
        close(fd);
        strbuf_done(&sbuf);
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path, strerror(e));
    }
    close(fd);
    stamp_from_stat(st, &sb);
    st->size = (off_t)sbuf.len;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, sbuf.data ? sbuf.data : "", sbuf.len);
    sha256_final(&ctx, st->hash);
    *len = sbuf.len;
    *text = sbuf.data ? strbuf_detach(&sbuf) : xstrdup("");
    strbuf_done(&sbuf);
    return 0;
}

bool file_changed(const char *path, const struct file_stamp *st)
{
    struct stat sb;
    if (stat(path, &sb) < 0)
        return st->exists;
    if (!st->exists)
        return true;
    if (sb.st_size != st->size)
        return true;
    if (stat_mtime_ns(&sb) == st->mtime_ns)
        return false;
    /* Touched: compare the content. */
    char *text;
    size_t len;
    struct file_stamp now;
    struct berth_error err;
    if (file_load(path, &text, &len, &now, &err) < 0)
        return true;
    free(text);
    return memcmp(now.hash, st->hash, sizeof now.hash) != 0;
}

static int write_full(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void fsync_dir(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, uid_t uid,
                      gid_t gid, struct berth_error *err)
{
    char *copy = xstrdup(path);
    char *tmp = xasprintf("%s/.%s.XXXXXX", dirname(copy), basename(strcpy(copy, path)));
    free(copy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return io_error(err, e, "create a temporary file beside", path);
    }
    const char *what = "write";
    int e = 0;
    if (write_full(fd, data, len) < 0)
        e = errno;
    else if (fsync(fd) < 0)
        e = errno, what = "flush";
    else if (fchmod(fd, mode) < 0)
        e = errno, what = "set the mode of";
    else if (uid != (uid_t)-1 && geteuid() == 0 && fchown(fd, uid, gid) < 0)
        e = errno, what = "set the owner of";
    if (close(fd) < 0 && e == 0)
        e = errno, what = "write";
    if (e == 0 && rename(tmp, path) < 0)
        e = errno, what = "replace";
    if (e) {
        unlink(tmp);
        free(tmp);
        return io_error(err, e, what, path);
    }
    free(tmp);
    fsync_dir(path);
    return 0;
}

int file_save(const char *path, const void *data, size_t len, bool backup, struct file_stamp *after,
              struct berth_error *err)
{
    /* Save through a symbolic link to the file it names, so the link stays. */
    char real[PATH_MAX];
    struct stat lsb;
    if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode) && realpath(path, real))
        path = real;
    char *old;
    size_t old_len;
    struct file_stamp orig;
    if (file_load(path, &old, &old_len, &orig, err) < 0)
        return -1;
    mode_t mode = orig.exists ? orig.mode : 0644;
    uid_t uid = orig.exists ? orig.uid : (uid_t)-1;
    gid_t gid = orig.exists ? orig.gid : (gid_t)-1;
    if (backup && orig.exists) {
        char *bak = xasprintf("%s.bak", path);
        int rc = file_write_atomic(bak, old, old_len, mode, uid, gid, err);
        free(bak);
        if (rc < 0) {
            free(old);
            return -1;
        }
    }
    free(old);
    if (file_write_atomic(path, data, len, mode, uid, gid, err) < 0)
        return -1;
    if (after) {
        char *text;
        size_t n;
        if (file_load(path, &text, &n, after, err) < 0)
            return -1;
        free(text);
    }
    return 0;
}
