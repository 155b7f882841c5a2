/* Recovery files for unsaved editor text (see recover.h). */
#include "config.h"

#include "recover.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_save.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

#define RECOVER_HEADER "# berth recovery file for: "

char *recover_abspath(const char *path)
{
    char buf[PATH_MAX];
    if (realpath(path, buf))
        return xstrdup(buf);
    if (path[0] == '/')
        return xstrdup(path);
    if (!getcwd(buf, sizeof buf))
        return xstrdup(path);
    return xasprintf("%s/%s", buf, path);
}

static char *recover_dir(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    if (state && state[0] == '/')
        return xasprintf("%s/berth/recover", state);
    const char *home = getenv("HOME");
    return xasprintf("%s/.local/state/berth/recover", home && *home ? home : "/tmp");
}

char *recover_file(const char *path)
{
    char *abs = recover_abspath(path);
    char hex[SHA256_HEX_SIZE];
    sha256_hex(abs, strlen(abs), hex);
    free(abs);
    char *dir = recover_dir();
    char *out = xasprintf("%s/%.32s.yml", dir, hex);
    free(dir);
    return out;
}

/* mkdir -p, private: the text may hold secrets from the compose file. */
static int make_dirs(const char *dir)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0700) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

int recover_write(const char *path, const char *text, size_t len, struct berth_error *err)
{
    char *dir = recover_dir();
    if (make_dirs(dir) < 0) {
        int e = errno;
        berth_error_set(err, BERTH_ERR_IO, 0, "cannot create %s: %s", dir, strerror(e));
        free(dir);
        return -1;
    }
    free(dir);
    char *abs = recover_abspath(path);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_appendf(&sb, RECOVER_HEADER "%s\n", abs);
    strbuf_append(&sb, text, len);
    free(abs);
    char *file = recover_file(path);
    int rc = file_write_atomic(file, sb.data, sb.len, 0600, (uid_t)-1, (gid_t)-1, err);
    free(file);
    strbuf_done(&sb);
    return rc;
}

int recover_read(const char *path, char **text, size_t *len)
{
    char *file = recover_file(path);
    char *all;
    size_t n;
    struct file_stamp st;
    struct berth_error err;
    int rc = file_load(file, &all, &n, &st, &err);
    free(file);
    if (rc < 0 || !st.exists) {
        if (rc == 0)
            free(all);
        return 0;
    }
    char *abs = recover_abspath(path);
    char *want = xasprintf(RECOVER_HEADER "%s\n", abs);
    free(abs);
    size_t wl = strlen(want);
    bool ours = n >= wl && memcmp(all, want, wl) == 0;
    free(want);
    if (!ours) {
        free(all);
        return 0;
    }
    *len = n - wl;
    *text = xmalloc(*len + 1);
    memcpy(*text, all + wl, *len);
    (*text)[*len] = '\0';
    free(all);
    return 1;
}

void recover_remove(const char *path)
{
    char *file = recover_file(path);
    unlink(file);
    free(file);
}
