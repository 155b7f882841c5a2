/* Container counters from cgroup files: see cgroup_stats.h.
 *
 * Every file is small (a few KiB at most), read whole into a stack buffer
 * and parsed in place; nothing here allocates per sample. A file that is
 * missing is not an error unless the figure is essential (memory usage and
 * CPU time): optional groups (pids, block I/O, network) just leave their
 * has_* flag false.
 *
 * Reading a container's counters every round by path costs a path walk,
 * an open and a close per file, which is most of the time spent here at
 * a hundred containers and more. So the counter files are opened once and
 * kept (struct cgroup_stats_files, owned by the paths) and each round
 * re-reads them from offset 0, which the kernel regenerates. Only low
 * descriptor numbers are kept (below CG_KEEP_FD_SHARE of the process's
 * limit, and of FD_SETSIZE), so the rest of the program never runs short
 * of descriptors nor gets numbers too high for select(); past that a file
 * is opened and closed per read as before. A kept descriptor that fails
 * (its cgroup was removed, or recreated at the same path) is closed and
 * the file opened again by path once, so a read sees what a fresh open
 * would.
 * /proc/PID/net/dev is never kept: an open one would hold the container's
 * network namespace alive after it stops. */
#include "config.h"

#include "model/cgroup_stats.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

/* Large enough for memory.stat (about 1.5 KiB on v1, 2 KiB on v2) and
 * /proc/PID/net/dev with a few dozen interfaces. */
#define CG_FILE_MAX 16384

/* Read path whole into buf (NUL-terminated). Returns the length or -1. */
static ssize_t read_small_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    while (len + 1 < cap) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    return (ssize_t)len;
}

/* The counter files a read uses, by the same slot on v1 and v2. */
enum cg_file {
    CG_MEM_USAGE, /* memory.usage_in_bytes, memory.current */
    CG_MEM_LIMIT, /* memory.limit_in_bytes, memory.max */
    CG_MEM_STAT,  /* memory.stat */
    CG_CPU,       /* cpuacct.usage, cpu.stat */
    CG_PIDS_CUR,  /* pids.current */
    CG_PIDS_MAX,  /* pids.max */
    CG_BLK,       /* the blkio file the engine reads, io.stat */
    CG_NFILES,
};

struct cgroup_stats_files {
    int fd[CG_NFILES]; /* -1 when not open */
};

/* Share (in quarters) of the descriptor limit kept files may reach. */
#define CG_KEEP_FD_SHARE 3

/* Descriptors below this number may be kept open. */
static int keep_fd_below(void)
{
    long cap = FD_SETSIZE;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (long)rl.rlim_cur < cap)
        cap = (long)rl.rlim_cur;
    return (int)(cap * CG_KEEP_FD_SHARE / 4);
}

/* Read all of fd from offset 0 into buf (NUL-terminated). */
static ssize_t pread_whole(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    while (len + 1 < cap) {
        ssize_t n = pread(fd, buf + len, cap - 1 - len, (off_t)len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return (ssize_t)len;
}

static void files_close(struct cgroup_stats_files *f, enum cg_file which)
{
    if (f && f->fd[which] >= 0) {
        close(f->fd[which]);
        f->fd[which] = -1;
    }
}

/* Read dir/name whole into buf, through the descriptor kept in slot
 * `which` of paths (opened and kept on first use when its number is low
 * enough). Returns the length or -1 with errno. */
static ssize_t read_kept(struct cgroup_stats_paths *paths, enum cg_file which, const char *dir,
                         const char *name, char *buf, size_t cap)
{
    if (!paths->files) {
        paths->files = xmalloc(sizeof *paths->files);
        for (int i = 0; i < CG_NFILES; i++)
            paths->files->fd[i] = -1;
    }
    struct cgroup_stats_files *f = paths->files;
    if (f->fd[which] >= 0) {
        ssize_t n = pread_whole(f->fd[which], buf, cap);
        if (n >= 0)
            return n;
        /* Gone or replaced under us: try the path afresh. */
        files_close(f, which);
    }
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = pread_whole(fd, buf, cap);
    if (n >= 0 && fd < keep_fd_below()) {
        f->fd[which] = fd;
    } else {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return n;
}

/* Parse a decimal u64 at s; *end past the digits. False when no digits. */
static bool parse_u64(const char *s, uint64_t *out, const char **end)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    uint64_t v = 0;
    while (isdigit((unsigned char)*s)) {
        unsigned d = (unsigned)(*s - '0');
        v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
        s++;
    }
    *out = v;
    if (end)
        *end = s;
    return true;
}

/* A file holding one number, or "max" (is_max set, value UINT64_MAX). */
static int read_u64_file(struct cgroup_stats_paths *paths, enum cg_file which, const char *dir,
                         const char *name, uint64_t *out, bool *is_max)
{
    char buf[64];
    if (read_kept(paths, which, dir, name, buf, sizeof buf) < 0)
        return -1;
    if (is_max)
        *is_max = false;
    if (strncmp(buf, "max", 3) == 0) {
        if (is_max)
            *is_max = true;
        *out = UINT64_MAX;
        return 0;
    }
    return parse_u64(buf, out, NULL) ? 0 : -1;
}

/* Value of "key N" in a flat keyed file (memory.stat, cpu.stat). */
static bool keyed_u64(const char *text, const char *key, uint64_t *out)
{
    size_t klen = strlen(key);
    const char *p = text;
    while (*p) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
            return parse_u64(p + klen + 1, out, NULL);
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return false;
}

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Count the CPUs of a list like "0-3,6,8-9". 0 when it cannot be parsed. */
static unsigned count_cpu_list(const char *s)
{
    unsigned n = 0;
    while (*s && *s != '\n') {
        uint64_t a, b;
        const char *end;
        if (!parse_u64(s, &a, &end))
            return 0;
        b = a;
        if (*end == '-' && !parse_u64(end + 1, &b, &end))
            return 0;
        if (b < a)
            return 0;
        n += (unsigned)(b - a + 1);
        s = end;
        if (*s == ',')
            s++;
    }
    return n;
}

void cgroup_stats_root_init(struct cgroup_stats_root *root, const char *proc, const char *sys)
{
    root->proc = xstrdup(proc ? proc : "/proc");
    root->sys = xstrdup(sys ? sys : "/sys");
    long tck = sysconf(_SC_CLK_TCK);
    root->clk_tck = tck > 0 ? tck : 100;
}

void cgroup_stats_root_done(struct cgroup_stats_root *root)
{
    free(root->proc);
    free(root->sys);
    root->proc = root->sys = NULL;
}

/* Host CPU time as the engine computes system_cpu_usage: the first seven
 * fields (user nice system idle iowait irq softirq) of the "cpu" line. */
static int read_host_cpu(const struct cgroup_stats_root *root, uint64_t *out,
                         struct berth_error *err)
{
    char path[PATH_MAX];
    char buf[512];
    snprintf(path, sizeof path, "%s/stat", root->proc);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path, strerror(errno));
    /* Only the first line matters; /proc/stat is long on big hosts. */
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s", path);
    buf[n] = '\0';
    if (strncmp(buf, "cpu ", 4) != 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "%s: no cpu line", path);
    const char *p = buf + 4;
    uint64_t ticks = 0;
    for (int i = 0; i < 7; i++) {
        uint64_t v;
        if (!parse_u64(p, &v, &p))
            return berth_error_set(err, BERTH_ERR_IO, 0, "%s: short cpu line", path);
        ticks += v;
    }
    *out = ticks * UINT64_C(1000000000) / (uint64_t)root->clk_tck;
    return 0;
}

int cgroup_stats_read_host(const struct cgroup_stats_root *root, struct cgroup_stats_host *out,
                           struct berth_error *err)
{
    char path[PATH_MAX];
    char buf[CG_FILE_MAX];

    memset(out, 0, sizeof *out);
    out->time = monotonic_seconds();
    if (read_host_cpu(root, &out->system_ns, err) < 0)
        return -1;

    snprintf(path, sizeof path, "%s/meminfo", root->proc);
    uint64_t kib;
    if (read_small_file(path, buf, sizeof buf) < 0 || !keyed_u64(buf, "MemTotal:", &kib))
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read MemTotal from %s", path);
    out->mem_total = kib * 1024; /* the engine's machine memory, in bytes */

    snprintf(path, sizeof path, "%s/devices/system/cpu/online", root->sys);
    if (read_small_file(path, buf, sizeof buf) >= 0)
        out->online_cpus = count_cpu_list(buf);
    if (out->online_cpus == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        out->online_cpus = n > 0 ? (unsigned)n : 1;
    }
    return 0;
}

/* True when the comma-separated list has the controller name. */
static bool controller_listed(const char *list, size_t len, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = list, *end = list + len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if ((size_t)(stop - p) == nlen && memcmp(p, name, nlen) == 0)
            return true;
        p = stop + 1;
    }
    return false;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of a v1 controller: the mount is /sys/fs/cgroup/<name>, or
 * /sys/fs/cgroup/<list> when controllers are co-mounted ("cpu,cpuacct")
 * without the usual per-name symlink. */
static char *v1_folder(const struct cgroup_stats_root *root, const char *name, const char *list,
                       size_t list_len, const char *path)
{
    const char *rel = strcmp(path, "/") == 0 ? "" : path;
    char *dir = xasprintf("%s/fs/cgroup/%s%s", root->sys, name, rel);
    if (is_dir(dir))
        return dir;
    free(dir);
    dir = xasprintf("%s/fs/cgroup/%.*s%s", root->sys, (int)list_len, list, rel);
    if (is_dir(dir))
        return dir;
    free(dir);
    return NULL;
}

void cgroup_stats_paths_done(struct cgroup_stats_paths *paths)
{
    if (paths->files) {
        for (int i = 0; i < CG_NFILES; i++)
            files_close(paths->files, (enum cg_file)i);
        free(paths->files);
    }
    free(paths->memory);
    free(paths->cpuacct);
    free(paths->pids);
    free(paths->blkio);
    free(paths->unified);
    memset(paths, 0, sizeof *paths);
}

static bool path_ok(const char *p, const char *must_contain)
{
    return !p || !must_contain || strstr(p, must_contain) != NULL;
}

int cgroup_stats_locate(const struct cgroup_stats_root *root, int pid, const char *must_contain,
                        struct cgroup_stats_paths *out, struct berth_error *err)
{
    char path[PATH_MAX];
    char buf[CG_FILE_MAX];

    memset(out, 0, sizeof *out);
    out->pid = pid;
    if (pid <= 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "no process to read cgroups from");
    snprintf(path, sizeof path, "%s/%d/cgroup", root->proc, pid);
    if (read_small_file(path, buf, sizeof buf) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s: %s", path, strerror(errno));

    /* Lines are "hierarchy-id:controller-list:path"; v2 has one "0::path"
     * line, and hybrid hosts have both (the v1 controllers are the ones
     * holding the counters then). */
    struct {
        const char *name;
        char **slot;
    } wanted[] = {
        {"memory", &out->memory},
        {"cpuacct", &out->cpuacct},
        {"pids", &out->pids},
        {"blkio", &out->blkio},
    };
    char *unified_path = NULL;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        const char *list = c1 + 1;
        size_t list_len = (size_t)(c2 - list);
        const char *cg_path = c2 + 1;
        if (*cg_path != '/')
            continue;
        if (list_len == 0) {
            if (strncmp(line, "0:", 2) == 0 && !unified_path)
                unified_path = xstrdup(cg_path);
            continue;
        }
        for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
            if (*wanted[i].slot || !controller_listed(list, list_len, wanted[i].name))
                continue;
            *wanted[i].slot = v1_folder(root, wanted[i].name, list, list_len, cg_path);
        }
    }

    if (out->memory && out->cpuacct) {
        out->version = CGROUP_STATS_V1;
        free(unified_path);
    } else if (unified_path) {
        const char *rel = strcmp(unified_path, "/") == 0 ? "" : unified_path;
        char *dir = xasprintf("%s/fs/cgroup%s", root->sys, rel);
        free(unified_path);
        char probe[PATH_MAX];
        snprintf(probe, sizeof probe, "%s/memory.current", dir);
        if (access(probe, R_OK) != 0) {
            free(dir);
            cgroup_stats_paths_done(out);
            return berth_error_set(err, BERTH_ERR_IO, 0,
                                   "process %d: no cgroup memory or CPU accounting found", pid);
        }
        cgroup_stats_paths_done(out);
        out->pid = pid;
        out->version = CGROUP_STATS_V2;
        out->unified = dir;
    } else {
        cgroup_stats_paths_done(out);
        return berth_error_set(err, BERTH_ERR_IO, 0,
                               "process %d: no cgroup memory or CPU accounting found", pid);
    }

    if (!path_ok(out->memory, must_contain) || !path_ok(out->cpuacct, must_contain) ||
        !path_ok(out->pids, must_contain) || !path_ok(out->blkio, must_contain) ||
        !path_ok(out->unified, must_contain)) {
        cgroup_stats_paths_done(out);
        return berth_error_set(err, BERTH_ERR_IO, 0,
                               "process %d does not belong to container %.12s", pid, must_contain);
    }
    return 0;
}

/* Sum the Read and Write lines of a v1 blkio file ("8:0 Read 4096").
 * has_blk stays false when no per-device line exists ("Total 0" alone):
 * the engine then reports an empty list too. */
static void v1_blkio(struct cgroup_stats_paths *paths, const char *dir, struct stats_raw *out)
{
    char buf[CG_FILE_MAX];
    if (!paths->blkio_file) {
        /* Which file the engine reads: the CFQ/BFQ recursive one when the
         * kernel has it, else the throttle one (containerd cgroups v1). */
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/blkio.io_serviced_recursive", dir);
        paths->blkio_file = access(path, F_OK) == 0 ? "blkio.io_service_bytes_recursive"
                                                    : "blkio.throttle.io_service_bytes";
    }
    if (read_kept(paths, CG_BLK, dir, paths->blkio_file, buf, sizeof buf) < 0)
        return;
    uint64_t rd = 0, wr = 0;
    bool any = false;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char dev[32], op[16];
        uint64_t v;
        if (sscanf(line, "%31s %15s %" SCNu64, dev, op, &v) != 3 || !strchr(dev, ':'))
            continue;
        any = true;
        if (strcmp(op, "Read") == 0)
            rd += v;
        else if (strcmp(op, "Write") == 0)
            wr += v;
    }
    if (any) {
        out->has_blk = true;
        out->blk_read = rd;
        out->blk_write = wr;
    }
}

/* Sum rbytes= and wbytes= over the devices of io.stat. */
static void v2_io(struct cgroup_stats_paths *paths, const char *dir, struct stats_raw *out)
{
    char buf[CG_FILE_MAX];
    if (read_kept(paths, CG_BLK, dir, "io.stat", buf, sizeof buf) < 0)
        return;
    uint64_t rd = 0, wr = 0;
    bool any = false;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strchr(line, ':'))
            continue;
        any = true;
        uint64_t v;
        const char *r = strstr(line, " rbytes=");
        const char *w = strstr(line, " wbytes=");
        if (r && parse_u64(r + 8, &v, NULL))
            rd += v;
        if (w && parse_u64(w + 8, &v, NULL))
            wr += v;
    }
    if (any) {
        out->has_blk = true;
        out->blk_read = rd;
        out->blk_write = wr;
    }
}

static void read_pids(struct cgroup_stats_paths *paths, const char *dir, struct stats_raw *out)
{
    uint64_t cur, max;
    bool is_max = false;
    if (!dir || read_u64_file(paths, CG_PIDS_CUR, dir, "pids.current", &cur, NULL) < 0)
        return;
    out->has_pids = true;
    out->pids = cur;
    if (read_u64_file(paths, CG_PIDS_MAX, dir, "pids.max", &max, &is_max) == 0 && !is_max)
        out->pids_limit = max;
}

/* The namespace a /proc/X/ns/net link names ("net:[4026531840]"). A plain
 * file holding that text stands in for the link in test trees, which must
 * survive `make dist` (it drops links that point nowhere). */
static ssize_t netns_name(const char *path, char *buf, size_t size)
{
    ssize_t n = readlink(path, buf, size);
    if (n < 0 && errno == EINVAL) {
        n = read_small_file(path, buf, size);
        while (n > 0 && buf[n - 1] == '\n')
            n--;
    }
    return n;
}

/* True when pid's namespace (mine[0..mine_len)) is /proc/OTHER's. */
static bool same_netns(const struct cgroup_stats_root *root, const char *mine, ssize_t mine_len,
                       const char *other)
{
    char path[PATH_MAX], link[128];
    snprintf(path, sizeof path, "%s/%s/ns/net", root->proc, other);
    ssize_t n = netns_name(path, link, sizeof link);
    return n > 0 && n == mine_len && memcmp(mine, link, (size_t)n) == 0;
}

/* True when pid shares the host's network namespace (network mode host):
 * its net/dev then lists the host's interfaces, which the engine never
 * reports as the container's. The host's namespace is init's, or ours when
 * init's cannot be read (some sandboxes hide pid 1). */
static bool in_host_netns(const struct cgroup_stats_root *root, int pid)
{
    char path[PATH_MAX], mine[128];
    snprintf(path, sizeof path, "%s/%d/ns/net", root->proc, pid);
    ssize_t n = netns_name(path, mine, sizeof mine);
    if (n <= 0 || pid == 1)
        return false;
    return same_netns(root, mine, n, "1") || same_netns(root, mine, n, "self");
}

/* Sum rx/tx bytes of every interface but lo in /proc/PID/net/dev. */
static void read_net(const struct cgroup_stats_root *root, struct cgroup_stats_paths *paths,
                     struct stats_raw *out)
{
    char path[PATH_MAX];
    char buf[CG_FILE_MAX];
    int pid = paths->pid;
    /* A process keeps its namespace: ask once per located pid. */
    if (paths->host_netns == 0)
        paths->host_netns = in_host_netns(root, pid) ? 1 : -1;
    if (paths->host_netns > 0)
        return;
    snprintf(path, sizeof path, "%s/%d/net/dev", root->proc, pid);
    if (read_small_file(path, buf, sizeof buf) < 0)
        return;
    uint64_t rx = 0, tx = 0;
    bool any = false;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue; /* the two header lines */
        char *name = line;
        while (*name == ' ')
            name++;
        if ((size_t)(colon - name) == 2 && strncmp(name, "lo", 2) == 0)
            continue;
        /* rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes ... */
        const char *p = colon + 1;
        uint64_t f[9];
        int i;
        for (i = 0; i < 9; i++)
            if (!parse_u64(p, &f[i], &p))
                break;
        if (i < 9)
            continue;
        any = true;
        rx += f[0];
        tx += f[8];
    }
    if (any) {
        out->has_net = true;
        out->net_rx = rx;
        out->net_tx = tx;
    }
}

int cgroup_stats_read(const struct cgroup_stats_root *root, struct cgroup_stats_paths *paths,
                      const struct cgroup_stats_host *host, struct stats_raw *out,
                      struct berth_error *err)
{
    char buf[CG_FILE_MAX];

    memset(out, 0, sizeof *out);
    out->read_time = host->time;
    out->online_cpus = host->online_cpus;

    const char *memdir, *cpudir;
    if (paths->version == CGROUP_STATS_V1) {
        memdir = paths->memory;
        cpudir = paths->cpuacct;
    } else if (paths->version == CGROUP_STATS_V2) {
        memdir = cpudir = paths->unified;
    } else {
        return berth_error_set(err, BERTH_ERR_IO, 0, "no cgroup located");
    }

    /* Memory. */
    uint64_t usage, limit;
    bool unlimited = false;
    const char *usage_file =
        paths->version == CGROUP_STATS_V1 ? "memory.usage_in_bytes" : "memory.current";
    const char *limit_file =
        paths->version == CGROUP_STATS_V1 ? "memory.limit_in_bytes" : "memory.max";
    if (read_u64_file(paths, CG_MEM_USAGE, memdir, usage_file, &usage, NULL) < 0)
        return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s/%s: %s", memdir, usage_file,
                               strerror(errno));
    if (read_u64_file(paths, CG_MEM_LIMIT, memdir, limit_file, &limit, &unlimited) < 0)
        unlimited = true;
    out->has_mem = true;
    out->mem_usage = usage;
    /* The engine caps the limit at the host's memory: "unlimited" (v1's
     * page-rounded 2^63, v2's "max") then reads as MemTotal. */
    out->mem_limit = unlimited || limit > host->mem_total ? host->mem_total : limit;
    if (read_kept(paths, CG_MEM_STAT, memdir, "memory.stat", buf, sizeof buf) >= 0) {
        /* The same picks as stats_raw_from_json makes from the engine's
         * copy of this file, so both sources give equal figures: v1's
         * hierarchical total_* keys first, then the plain and v2 ones. */
        uint64_t v;
        if (keyed_u64(buf, "total_inactive_file", &v) && v < usage)
            out->mem_inactive_file = v;
        else if (keyed_u64(buf, "inactive_file", &v))
            out->mem_inactive_file = v;
        if (keyed_u64(buf, "total_cache", &v) || keyed_u64(buf, "cache", &v) ||
            keyed_u64(buf, "file", &v))
            out->mem_cache = v;
    }

    /* CPU. */
    if (paths->version == CGROUP_STATS_V1) {
        uint64_t ns;
        if (read_u64_file(paths, CG_CPU, cpudir, "cpuacct.usage", &ns, NULL) < 0)
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read %s/cpuacct.usage: %s", cpudir,
                                   strerror(errno));
        out->cpu_total_ns = ns;
    } else {
        uint64_t usec;
        if (read_kept(paths, CG_CPU, cpudir, "cpu.stat", buf, sizeof buf) < 0 ||
            !keyed_u64(buf, "usage_usec", &usec))
            return berth_error_set(err, BERTH_ERR_IO, 0, "cannot read usage_usec from %s/cpu.stat",
                                   cpudir);
        out->cpu_total_ns = usec * 1000;
    }
    out->has_cpu = true;
    out->system_ns = host->system_ns;

    /* The rest is optional. */
    if (paths->version == CGROUP_STATS_V1) {
        read_pids(paths, paths->pids, out);
        if (paths->blkio)
            v1_blkio(paths, paths->blkio, out);
    } else {
        read_pids(paths, paths->unified, out);
        v2_io(paths, paths->unified, out);
    }
    read_net(root, paths, out);
    return 0;
}

bool cgroup_stats_available(const struct cgroup_stats_root *root, int pid, const char *must_contain)
{
    struct cgroup_stats_paths paths;
    struct cgroup_stats_host host;
    struct stats_raw raw;
    if (cgroup_stats_read_host(root, &host, NULL) < 0)
        return false;
    if (cgroup_stats_locate(root, pid, must_contain, &paths, NULL) < 0)
        return false;
    int rc = cgroup_stats_read(root, &paths, &host, &raw, NULL);
    cgroup_stats_paths_done(&paths);
    return rc == 0;
}
